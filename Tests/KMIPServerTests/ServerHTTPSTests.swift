import Foundation
import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import NIOCore
import NIOPosix
import Testing
import TTLV

/// KMIP over HTTPS: requests POSTed over mutual TLS in TTLV and another encoding, answered in kind,
/// and the HTTP errors for what no KMIP response fits.
@Suite struct ServerHTTPSTests: ServerTesting {
    /// An HTTP/1.1 request with `body` of media type `type`, kept alive.
    static func request(_ method: String = "POST", path: String = "/kmip", type: String? = "application/octet-stream", body: [UInt8]) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.count)\r\n"
        if let type { head += "Content-Type: \(type)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// A text encoding the test gives the server: TTLV as hex digits.
    static let hex = HTTPBodyEncoding(mediaTypes: ["text/x-ttlv-hex"], toTTLV: { digits in
        guard let bytes = hexBytes(digits) else { throw TTLVError(.truncated, offset: 0, reason: "not hex") }
        return bytes
    }, fromTTLV: { Array(hexString($0).utf8) })

    func withHTTPS(_ body: (MockKMIPServer, RawTLSConnection) async throws -> Void) async throws {
        try await withServer(configure: {
            $0.httpsPort = 0
            $0.httpsEncodings = [.ttlv, Self.hex]
            $0.decodingOptions.maxMessageBytes = 4096
            $0.requestTimeout = .milliseconds(300)
        }) { server in
            let connection = try await RawTLSConnection(port: try #require(server.httpsPort), identity: Self.setup.alice, ca: Self.setup.ca,
                                                        group: MultiThreadedEventLoopGroup.singleton)
            do {
                try await body(server, connection)
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        }
    }

    @Test func messagesInEachEncodingAreAnsweredInKind() async throws {
        try await withHTTPS { server, connection in
            // TTLV: Create.
            let attributes: Attributes = [try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128))]
            try await connection.send(Self.request(body: try RequestMessage(version: .v2_1, [CreateRequest(objectType: .symmetricKey, attributes: attributes)]).encoded()))
            let created = try #require(try await connection.receiveHTTP())
            #expect(created.status == 200)
            #expect(created.headers["content-type"] == "application/octet-stream")
            #expect(created.headers["cache-control"] == "no-cache")
            let key = try #require((try ResponseMessage(bytes: created.body).batchItems.first?.payload as? CreateResponse)?.uniqueIdentifier)

            // Another encoding on the same connection, answered in kind: Get Attributes of that key.
            let get = try RequestMessage(version: .v2_1, [GetAttributesRequest(uniqueIdentifier: key)]).encoded()
            try await connection.send(Self.request(type: "text/x-ttlv-hex", body: Array(hexString(get).utf8)))
            let answer = try #require(try await connection.receiveHTTP())
            #expect(answer.status == 200)
            #expect(answer.headers["content-type"] == "text/x-ttlv-hex")
            let response = try ResponseMessage(bytes: try #require(hexBytes(answer.body)))
            #expect(response.batchItems.first?.resultStatus == .success, "\(response)")

            // The key is the certificate's client's: Alice's client sees it, Bob's does not.
            let alice = try client(server, as: Self.setup.alice, version: .v2_1)
            let bob = try client(server, as: Self.setup.bob, version: .v2_1)
            defer { Task { await alice.shutdown(); await bob.shutdown() } }
            _ = try await alice.getAttributes(key)
            await expectFailure(.permissionDenied) { _ = try await bob.getAttributes(key) }
        }
    }

    /// The client's HTTPS transport: every operation a POST, answered as over TTLV.
    @Test func theClientSpeaksKMIPOverHTTPS() async throws {
        try await withServer(configure: { $0.httpsPort = 0 }) { server in
            var configuration = try client(server, as: Self.setup.alice).configuration
            configuration.port = try #require(server.httpsPort)
            configuration.httpsPath = "/kmip"
            let client = try KMIPClient(configuration: configuration)
            defer { Task { await client.shutdown() } }
            #expect(try await client.protocolVersion() == .v2_1)
            let key = try await client.create(symmetricKey: .aes, length: 256, usage: [.encrypt, .decrypt])
            try await client.activate(key)
            let sealed = try await client.encrypt(key, data: Array("over https".utf8), parameters: CryptographicParameters(blockCipherMode: .gcm, cryptographicAlgorithm: .aes, randomIV: true))
            let opened = try await client.decrypt(key, data: try #require(sealed.data), parameters: CryptographicParameters(blockCipherMode: .gcm, cryptographicAlgorithm: .aes),
                                                  iv: sealed.ivCounterNonce, tag: sealed.authenticatedEncryptionTag)
            #expect(opened == Array("over https".utf8))
            await expectFailure(.objectNotFound) { _ = try await client.get("no-such-key") }

            configuration.httpsPath = "/elsewhere"
            let lost = try KMIPClient(configuration: configuration)
            defer { Task { await lost.shutdown() } }
            do {
                _ = try await lost.query([.queryOperations])
                Issue.record("a POST to another path was answered")
            } catch let error as KMIPClientError {
                #expect(error.code == .protocolError)
                #expect("\(error)".contains("HTTP 404"), "\(error)")
            }
        }
    }

    @Test func whatIsNoMessageGetsAKMIPOrHTTPError() async throws {
        try await withHTTPS { _, connection in
            // A body that does not read in its encoding: a KMIP Invalid Message response.
            try await connection.send(Self.request(type: "text/x-ttlv-hex", body: Array("42zz".utf8)))
            let unreadable = try #require(try await connection.receiveHTTP())
            #expect(unreadable.status == 200)
            #expect(try ResponseMessage(bytes: try #require(hexBytes(unreadable.body))).batchItems.first?.resultReason == .invalidMessage)

            // No KMIP response fits these: HTTP says why, and the connection goes on.
            let cases: [([UInt8], Int)] = [
                (Self.request(path: "/other", body: []), 404),
                (Self.request("GET", body: []), 405),
                (Self.request(type: "text/plain", body: Array("hello".utf8)), 415),
                (Self.request(body: [UInt8](repeating: 0, count: 5000)), 413),
            ]
            for (request, status) in cases {
                try await connection.send(request)
                let answer = try #require(try await connection.receiveHTTP())
                #expect(answer.status == status, "\(String(decoding: answer.body, as: UTF8.self))")
                if status == 405 { #expect(answer.headers["allow"] == "POST") }
            }
            try await connection.send(Self.request(body: try RequestMessage(version: .v2_1, [QueryRequest(queryFunctions: [.queryOperations])]).encoded()))
            #expect(try await connection.receiveHTTP()?.status == 200)

            // A request that never arrives in full is closed after the request time-out.
            try await connection.send(Array(Self.request(body: [UInt8](repeating: 0, count: 100)).dropLast(90)))
            #expect(try await connection.receiveHTTP() == nil)
        }
    }
}
