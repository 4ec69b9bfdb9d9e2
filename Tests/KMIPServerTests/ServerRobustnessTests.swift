import KMIP
import KMIPClient
import KMIPServer
import KMIPSpec
import KMIPTLS
import NIOPosix
import Synchronization
import Testing
import TTLV

/// Hostile and broken input over real TLS: each malformed, truncated or oversize message gets
/// an Invalid Message answer (or the connection is closed when none is possible), and the
/// server goes on serving; the limits on message size, connections and Locate results hold
/// and are logged.
@Suite struct ServerRobustnessTests: ServerTesting {
    /// The server's log lines.
    final class LogLines: Sendable {
        private let lines = Mutex<[String]>([])
        var logger: MockKMIPServer.Logger { { line in self.lines.withLock { $0.append(line) } } }
        var all: [String] { lines.withLock { $0 } }

        /// Waits up to two seconds for a line containing `text`.
        func waitFor(_ text: String) async throws -> Bool {
            for _ in 0..<200 {
                if all.contains(where: { $0.contains(text) }) { return true }
                try await Task.sleep(for: .milliseconds(10))
            }
            return false
        }
    }

    func raw(_ server: MockKMIPServer) async throws -> RawTLSConnection {
        try await RawTLSConnection(port: server.port, identity: Self.setup.alice, ca: Self.setup.ca, group: MultiThreadedEventLoopGroup.singleton)
    }

    static let query = (try? RequestMessage(version: .v2_0, [QueryRequest(queryFunctions: [.queryServerInformation])]).encoded()) ?? []

    /// A Structure header: tag, type 0x01, length.
    static func header(tag: UInt32, type: UInt8 = 0x01, length: UInt32) -> [UInt8] {
        [UInt8(tag >> 16), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF), type] + withUnsafeBytes(of: length.bigEndian, Array.init)
    }

    /// Expects one answer with Invalid Message.
    func expectInvalidMessage(_ connection: RawTLSConnection, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let response = try #require(try await connection.receiveResponse(), "the server closed instead of answering", sourceLocation: sourceLocation)
        #expect(response.batchItems.map(\.resultStatus) == [.operationFailed], sourceLocation: sourceLocation)
        #expect(response.batchItems.first?.resultReason == .invalidMessage, sourceLocation: sourceLocation)
    }

    /// Expects a served Query on `connection`.
    func expectServed(_ connection: RawTLSConnection, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        try await connection.send(Self.query)
        let response = try #require(try await connection.receiveResponse(), "the server closed the connection", sourceLocation: sourceLocation)
        #expect(response.batchItems.map(\.resultStatus) == [.success], sourceLocation: sourceLocation)
    }

    @Test func malformedMessagesAreAnsweredAndTheConnectionGoesOn() async throws {
        try await withServer { server in
            let connection = try await raw(server)
            defer { Task { await connection.close() } }
            // A framed message whose body is an item of unknown type.
            try await connection.send(Self.header(tag: 0x42_0078, length: 16) + [0x42, 0x00, 0x6A, 0xEE, 0, 0, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0])
            try await expectInvalidMessage(connection)
            // Well-formed TTLV that is not a Request Message.
            try await connection.send(Self.header(tag: 0x42_0001, length: 0))
            try await expectInvalidMessage(connection)
            // A Request Message without a header.
            try await connection.send(Self.header(tag: 0x42_0078, length: 0))
            try await expectInvalidMessage(connection)
            // An inner item longer than the message holding it.
            try await connection.send(Self.header(tag: 0x42_0078, length: 16) + Self.header(tag: 0x42_0077, length: 200) + [0, 0, 0, 0, 0, 0, 0, 0])
            try await expectInvalidMessage(connection)
            try await expectServed(connection)
        }
    }

    @Test func everyCutOfARequestIsAnswered() async throws {
        try await withServer { server in
            let connection = try await raw(server)
            defer { Task { await connection.close() } }
            let request = try RequestMessage(version: .v1_4, [
                CreateRequest(objectType: .symmetricKey, attributes: [
                    try Attribute(.cryptographicAlgorithm, CryptographicAlgorithm.aes), try Attribute(.cryptographicLength, Int32(128)),
                ]),
            ]).encoded()
            // The body cut at every 8 bytes, re-framed so that the frame itself is sound.
            for cut in stride(from: 8, to: request.count - 8, by: 8) {
                try await connection.send(Self.header(tag: 0x42_0078, length: UInt32(cut)) + request[8..<(8 + cut)])
                try await expectInvalidMessage(connection)
            }
            try await expectServed(connection)
        }
    }

    @Test func unframeableStreamsGetAnAnswerThenAClose() async throws {
        let log = LogLines()
        try await withServer(log: log.logger) { server in
            let connection = try await raw(server)
            try await connection.send(Self.header(tag: 0x42_0078, type: 0x02, length: 4) + [0, 0, 0, 1, 0, 0, 0, 0])
            try await expectInvalidMessage(connection)
            #expect(try await connection.receive() == nil, "the connection should close")
            #expect(try await log.waitFor("malformed message"))
            // Others are served.
            let other = try await raw(server)
            defer { Task { await other.close() } }
            try await expectServed(other)
        }
    }

    /// Requests read in the same pass as an unframeable message are answered first, in order,
    /// then the error, then the close.
    @Test func requestsBeforeAnUnframeableMessageAreAnsweredFirst() async throws {
        try await withServer { server in
            let connection = try await raw(server)
            try await connection.send(Self.query + Self.query + Self.header(tag: 0x42_0078, type: 0x02, length: 4) + [0, 0, 0, 1, 0, 0, 0, 0])
            for _ in 0..<2 {
                let response = try #require(try await connection.receiveResponse(), "the server closed before answering")
                #expect(response.batchItems.map(\.resultStatus) == [.success])
            }
            try await expectInvalidMessage(connection)
            #expect(try await connection.receive() == nil, "the connection should close")
        }
    }

    @Test func oversizeMessagesHitTheLimit() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.decodingOptions.maxMessageBytes = 4096 }, log: log.logger) { server in
            let connection = try await raw(server)
            // Only the header is sent: the declared length alone is refused.
            try await connection.send(Self.header(tag: 0x42_0078, length: 1 << 20))
            try await expectInvalidMessage(connection)
            #expect(try await connection.receive() == nil, "the connection should close")
            #expect(try await log.waitFor("message size limit hit"))
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            #expect(try await client.query([.queryServerInformation]).vendorIdentification != nil)
        }
    }

    @Test func truncatedMessagesCloseTheConnection() async throws {
        let log = LogLines()
        try await withServer(log: log.logger) { server in
            let connection = try await raw(server)
            // Half a request, then the client goes away: nothing can be answered.
            try await connection.send(Array(Self.query.prefix(Self.query.count / 2)))
            try await Task.sleep(for: .milliseconds(50))
            await connection.close()
            #expect(try await log.waitFor("truncated message"))
            let other = try await raw(server)
            defer { Task { await other.close() } }
            try await expectServed(other)
        }
    }

    @Test func connectionsBeyondTheLimitAreClosed() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.maxConnections = 2 }, log: log.logger) { server in
            let first = try await raw(server)
            let second = try await raw(server)
            try await expectServed(first)
            try await expectServed(second)
            let third = try await raw(server)
            #expect(try await third.receive() == nil, "the third connection should be closed")
            #expect(try await log.waitFor("connection limit hit: 2 connections are open"))
            try await expectServed(first)
            // A closed connection makes room.
            await second.close()
            var served = false
            for _ in 0..<100 where !served {
                let retry = try await raw(server)
                try await retry.send(Self.query)
                served = try await retry.receiveResponse() != nil
                await retry.close()
                if !served { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(served)
            await first.close()
        }
    }

    @Test func manyTasksShareTheClientsFewConnections() async throws {
        // The server would close a third connection; the client's pool must queue the 40
        // tasks on its two.
        let log = LogLines()
        try await withServer(configure: { $0.maxConnections = 2 }, log: log.logger) { server in
            let setup = Self.setup
            var configuration = KMIPClientConfiguration(host: "127.0.0.1", port: server.port, tls: .client(
                trustRoots: .certificates(setup.ca.certificatePEM), certificateChain: .bytes(setup.alice.certificatePEM), privateKey: .bytes(setup.alice.privateKeyPEM)))
            configuration.maximumConnections = 2
            let client = try KMIPClient(configuration: configuration)
            let key = try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let fetched = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<40 { group.addTask { try await client.get(key).uniqueIdentifier } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(fetched == Array(repeating: key, count: 40))
            #expect(!log.all.contains { $0.contains("connection limit hit") }, "\(log.all.filter { $0.contains("limit") })")
            await client.shutdown()
            await expectShutDown(client)
        }
    }

    func expectShutDown(_ client: KMIPClient) async {
        do {
            _ = try await client.get("anything")
            Issue.record("a shut-down client should refuse requests")
        } catch let error as KMIPClientError {
            #expect(error.code == .shutDown, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func locateReturnsAtMostTheLimit() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.maxLocateItems = 3 }, log: log.logger) { server in
            let client = try client(server, as: Self.setup.alice)
            defer { Task { await client.shutdown() } }
            var keys: [String] = []
            for index in 0..<5 { keys.append(try await client.create(symmetricKey: .aes, length: 128, usage: [.encrypt], name: "limited-\(index)")) }
            let all = try await client.perform(LocateRequest(), expecting: LocateResponse.self, version: .v2_0)
            #expect(all.uniqueIdentifiers.count == 3)
            #expect(all.locatedItems == 5)
            #expect(try await log.waitFor("Locate limit hit: 5 objects matched, returned 3 (--max-locate-items 3)"))
            // Asking for fewer is not hitting the limit; paging reaches the rest.
            let before = log.all.filter { $0.contains("Locate limit hit") }.count
            #expect(try await client.locate(maximumItems: 2).count == 2)
            let rest = try await client.locate(maximumItems: 3, offsetItems: 3)
            // Most recently created first, page after page.
            #expect(all.uniqueIdentifiers + rest == keys.reversed())
            #expect(log.all.filter { $0.contains("Locate limit hit") }.count == before)
        }
    }

    /// `--max-open-runs`: one multi-part operation more than the limit is refused and logged;
    /// ending one makes room.
    @Test func openRunsAreLimited() async throws {
        let log = LogLines()
        try await withServer(configure: { $0.maxOpenRuns = 2 }, log: log.logger) { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_0)
            defer { Task { await client.shutdown() } }
            let sha256 = CryptographicParameters(hashingAlgorithm: .sha_256)
            func begin() async throws -> [UInt8]? {
                try await client.perform(HashRequest(cryptographicParameters: sha256, data: [1], initIndicator: true), expecting: HashResponse.self).correlationValue
            }
            let first = try await begin()
            _ = try await begin()
            await expectFailure(.serverLimitExceeded) { _ = try await begin() }
            #expect(try await log.waitFor("--max-open-runs 2"))
            _ = try await client.perform(HashRequest(cryptographicParameters: sha256, correlationValue: first, finalIndicator: true), expecting: HashResponse.self)
            #expect(try await begin() != nil)
        }
    }

    /// RSA key generation runs off the event loop: on a one-loop server, another client's Gets
    /// are answered while RSA-4096 key pairs are still being made.
    @Test func keyGenerationDoesNotHoldTheEventLoop() async throws {
        try await withServer(configure: { $0.threads = 1 }) { server in
            let alice = try client(server, as: Self.setup.alice)
            let bob = try client(server, as: Self.setup.bob)
            defer { Task { await alice.shutdown(); await bob.shutdown() } }
            let key = try await bob.create(symmetricKey: .aes, length: 128, usage: [.encrypt])
            let finished = Mutex(false)
            let generating = Task {
                for _ in 0..<2 { _ = try await alice.createKeyPair(algorithm: .rsa, length: 4096) }
                finished.withLock { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(50))
            for _ in 0..<10 { _ = try await bob.get(key) }
            #expect(!finished.withLock { $0 }, "the Gets waited for the key generation")
            try await generating.value
        }
    }

    @Test func clientLogMessagesReachTheServerLog() async throws {
        let log = LogLines()
        try await withServer(log: log.logger) { server in
            let client = try client(server, as: Self.setup.alice, version: .v2_1)
            defer { Task { await client.shutdown() } }
            _ = try await client.perform(LogRequest(logMessage: "backup started\nsecond line"), expecting: LogResponse.self)
            #expect(try await log.waitFor("client log: backup started second line"))
        }
    }
}
