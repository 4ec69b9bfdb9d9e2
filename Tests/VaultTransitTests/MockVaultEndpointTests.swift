import Foundation
import KMIPTLS
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import VaultTransit

/// The mock's HTTP API beyond what `VaultClient` calls: WEKA's setup steps, roles, policies,
/// namespaces by path, LIST, deletion, health codes, and malformed requests.
@Suite struct MockVaultEndpointTests {
    /// Sends one raw request over TLS and returns status, headers and the JSON body.
    func raw(_ mock: MockVaultServer, _ method: HTTPMethod, _ uri: String, token: String?, body: [UInt8]? = nil) async throws -> (Int, HTTPHeaders, [String: Any]) {
        let tls = try TLSContext(configuration: .client(trustRoots: .file(MockVaultFixture.pki.caFile)))
        let connection = try await HTTPConnection.connect(
            address: try VaultAddress(mock.address), tls: tls, group: MultiThreadedEventLoopGroup.singleton, timeout: .seconds(5))
        defer { connection.close() }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "127.0.0.1")
        if let token { headers.add(name: "X-Vault-Token", value: token) }
        let response = try await connection.send(HTTPRequest(method: method, uri: uri, headers: headers, body: body), timeout: .seconds(5))
        let object = response.body.isEmpty ? [:] : (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:])
        return (response.status, response.headers, object)
    }

    func json(_ object: [String: Any]) throws -> [UInt8] { [UInt8](try JSONSerialization.data(withJSONObject: object)) }

    @Test func wekaSetupStepsOverHTTP() async throws {
        try await MockVaultFixture.withMock { mock in
            let root = mock.makeRootToken()
            let policy = try await raw(mock, .PUT, "/v1/sys/policies/acl/weka", token: root, body: json(["policy": AuthClientTests.wekaPolicy]))
            #expect(policy.0 == 204)
            let role = try await raw(mock, .POST, "/v1/auth/token/roles/weka", token: root, body: json(["allowed_policies": "weka", "period": "768h"]))
            #expect(role.0 == 204)
            let created = try await raw(mock, .POST, "/v1/auth/token/create/weka", token: root, body: json([:]))
            let auth = try #require(created.2["auth"] as? [String: Any])
            #expect(auth["policies"] as? [String] == ["default", "weka"])
            #expect(auth["lease_duration"] as? Int == 768 * 3600)
            #expect(auth["renewable"] as? Bool == true)
            let token = try #require(auth["client_token"] as? String)
            #expect(token.hasPrefix("hvs."))
            let lookup = try await raw(mock, .GET, "/v1/auth/token/lookup-self", token: token)
            let data = try #require(lookup.2["data"] as? [String: Any])
            #expect(data["period"] as? Int == 768 * 3600)
            #expect(data["role"] as? String == "weka")
            let datakey = try await raw(mock, .POST, "/v1/transit/datakey/wrapped/weka-key", token: token, body: json(["bits": 256]))
            #expect(datakey.0 == 403)
            let allowed = try await raw(mock, .POST, "/v1/transit/datakey/wrapped/weka-key", token: root, body: json(["bits": 256]))
            #expect((allowed.2["data"] as? [String: Any])?["plaintext"] == nil)
        }
    }

    @Test func malformedRequestsGetVaultErrorsAndTheServerKeepsServing() async throws {
        try await MockVaultFixture.withMock { mock in
            let root = mock.makeRootToken()
            let broken = try await raw(mock, .POST, "/v1/transit/encrypt/weka-key", token: root, body: Array("{not json".utf8))
            #expect(broken.0 == 400)
            #expect(broken.1.first(name: "Content-Type") == "application/json")
            #expect((broken.2["errors"] as? [String])?.first?.contains("JSON") == true)
            let badPolicy = try await raw(mock, .PUT, "/v1/sys/policy/x", token: root, body: json(["policy": "path \"a\" { capabilities = [\"fly\"] }"]))
            #expect(badPolicy.0 == 400)
            let unknown = try await raw(mock, .GET, "/v1/nowhere/at/all", token: root)
            #expect(unknown.0 == 404)
            let noToken = try await raw(mock, .GET, "/v1/transit/keys/weka-key", token: "hvs.unknown")
            #expect(noToken.0 == 403)
            #expect(noToken.2["errors"] as? [String] == ["permission denied", "invalid token"])
            let notV1 = try await raw(mock, .GET, "/v2/transit/keys/weka-key", token: root)
            #expect(notV1.0 == 404)
            let badBatch = try await raw(mock, .POST, "/v1/transit/encrypt/weka-key", token: root, body: json(["batch_input": "nope"]))
            #expect(badBatch.0 == 400)
            let fine = try await raw(mock, .GET, "/v1/transit/keys/weka-key", token: root)
            #expect(fine.0 == 200)
        }
    }

    @Test func listDeleteAndNamespacesByPath() async throws {
        try await MockVaultFixture.withMock { mock in
            let root = mock.makeRootToken()
            let listed = try await raw(mock, .GET, "/v1/transit/keys?list=true", token: root)
            #expect((listed.2["data"] as? [String: Any])?["keys"] as? [String] == ["weka-key"])
            let refused = try await raw(mock, .DELETE, "/v1/transit/keys/weka-key", token: root)
            #expect(refused.0 == 400)
            _ = try await raw(mock, .POST, "/v1/transit/keys/weka-key/config", token: root, body: json(["deletion_allowed": true]))
            #expect(try await raw(mock, .DELETE, "/v1/transit/keys/weka-key", token: root).0 == 204)
            let empty = try await raw(mock, .GET, "/v1/transit/keys?list=true", token: root)
            #expect(empty.0 == 404)
            #expect(empty.2["errors"] as? [String] == [])
            mock.createNamespace("tenant-a/team")
            try mock.createKey("deep", namespace: "tenant-a/team")
            let byPath = try await raw(mock, .GET, "/v1/tenant-a/team/transit/keys/deep", token: root)
            #expect((byPath.2["data"] as? [String: Any])?["name"] as? String == "deep")
        }
    }

    @Test func healthCodesAndQueryFlags() async throws {
        try await MockVaultFixture.withMock { mock in
            #expect(try await raw(mock, .HEAD, "/v1/sys/health", token: nil).0 == 200)
            #expect(try await raw(mock, .GET, "/v1/sys/health?standbyok=True&activecode=204", token: nil).0 == 204)
            mock.setSealed(true)
            let sealed = try await raw(mock, .GET, "/v1/sys/health", token: nil)
            #expect(sealed.0 == 503)
            #expect(sealed.2["sealed"] as? Bool == true)
            #expect(try await raw(mock, .GET, "/v1/sys/health?sealedcode=200", token: nil).0 == 200)
            #expect(try await raw(mock, .GET, "/v1/transit/keys/weka-key", token: mock.makeRootToken()).0 == 503)
        }
    }

    @Test func appRoleSecretIDsOverHTTPHonourUseLimits() async throws {
        try await MockVaultFixture.withMock { mock in
            let root = mock.makeRootToken()
            #expect(try await raw(mock, .POST, "/v1/auth/approle/role/r", token: root, body: json(["token_policies": ["default"], "token_type": "batch", "token_ttl": "10m"])).0 == 204)
            let roleID = try #require(((try await raw(mock, .GET, "/v1/auth/approle/role/r/role-id", token: root)).2["data"] as? [String: Any])?["role_id"] as? String)
            let secret = try await raw(mock, .POST, "/v1/auth/approle/role/r/secret-id", token: root, body: json(["num_uses": 1]))
            let secretID = try #require((secret.2["data"] as? [String: Any])?["secret_id"] as? String)
            let login = try await raw(mock, .POST, "/v1/auth/approle/login", token: "ignored", body: json(["role_id": roleID, "secret_id": secretID]))
            let auth = try #require(login.2["auth"] as? [String: Any])
            #expect(auth["token_type"] as? String == "batch")
            #expect(auth["lease_duration"] as? Int == 600)
            #expect(auth["renewable"] as? Bool == false)
            let again = try await raw(mock, .POST, "/v1/auth/approle/login", token: nil, body: json(["role_id": roleID, "secret_id": secretID]))
            #expect(again.0 == 400)
            #expect(again.2["errors"] as? [String] == ["invalid role or secret ID"])
            let missing = try await raw(mock, .POST, "/v1/auth/approle/login", token: nil, body: json([:]))
            #expect(missing.2["errors"] as? [String] == ["missing role_id"])
        }
    }

    @Test func policyPriorityFollowsVault() {
        let policy = MockVaultPolicy(rules: [
            .init(pattern: "transit/+/weka-key", capabilities: ["read", "create", "update"]),
            .init(pattern: "transit/keys/weka-key", capabilities: ["read"]),
            .init(pattern: "secret/*", capabilities: ["list"]),
            .init(pattern: "secret/locked", capabilities: ["deny"]),
        ])
        #expect(policy.capabilities(on: "transit/encrypt/weka-key") == ["read", "create", "update"])
        #expect(policy.capabilities(on: "transit/keys/weka-key") == ["read"])
        #expect(policy.capabilities(on: "transit/keys/weka-key/rotate").isEmpty)
        #expect(policy.capabilities(on: "transit/datakey/wrapped/weka-key").isEmpty)
        #expect(policy.capabilities(on: "secret/a/b") == ["list"])
        #expect(policy.capabilities(on: "secret/locked").isEmpty)
    }
}

/// The mock against bytes that are not HTTP: a 400, the connection closed, and it keeps serving.
@Suite struct MockVaultGarbageTests {
    /// Collects everything the server sends until it closes.
    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received: [UInt8] = []
        let closed: EventLoopPromise<[UInt8]>
        init(closed: EventLoopPromise<[UInt8]>) { self.closed = closed }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readBytes(length: buffer.readableBytes) ?? []
        }
        func channelInactive(context: ChannelHandlerContext) { closed.succeed(received) }
    }

    @Test func notHTTPGetsA400AndTheMockKeepsServing() async throws {
        var configuration = MockVaultServer.Configuration(tls: nil)
        configuration.allowPlaintext = true
        let mock = try await MockVaultServer.start(configuration: configuration)
        let group = MultiThreadedEventLoopGroup.singleton
        let closed = group.next().makePromise(of: [UInt8].self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(closed: closed)) }
            }
            .connect(host: "127.0.0.1", port: mock.port).get()
        let timer = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        try await channel.writeAndFlush(ByteBuffer(bytes: Array("\u{01}\u{02}garbage that is not a request line\r\n\r\n".utf8)))
        let answer = String(decoding: try await closed.futureResult.get(), as: UTF8.self)
        timer.cancel()
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        var clientConfiguration = VaultConfiguration(address: mock.address, authentication: .token(mock.makeRootToken()))
        clientConfiguration.allowPlaintext = true
        let client = try VaultClient(configuration: clientConfiguration)
        #expect(try await client.health().initialized)
        await client.shutdown()
        await mock.stop()
    }
}
