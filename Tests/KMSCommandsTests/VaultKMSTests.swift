import Foundation
import KMIPTLS
import Testing
import VaultTransit

/// `kms` with the mock Vault over TLS on 127.0.0.1: the WEKA token and AppRole examples,
/// a namespace, key rotation followed by transit rewrap, and the token TTL in `kms`.
@Suite(.serialized) struct VaultKMSTests {
    /// Runs `body` with a KMS test bed (for its directory and runner) and a mock Vault that
    /// trusts nothing special and serves `weka_cluster_key` in the root and `team` namespaces.
    func withVault(_ body: (KMSTestBed, MockVaultServer, _ caFile: String) async throws -> Void) async throws {
        try await KMSTestBed.with { bed in
            let ca = try PKI.makeCA(commonName: "vault CA")
            let server = try PKI.issue(commonName: "localhost", usage: .server, dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], signedBy: ca)
            let caFile = bed.file("vault-ca.pem")
            try Data(ca.certificatePEM).write(to: URL(fileURLWithPath: caFile))
            let mock = try await MockVaultServer.start(configuration: MockVaultServer.Configuration(tls: .server(
                certificateChain: .bytes(server.certificatePEM), privateKey: .bytes(server.privateKeyPEM), trustRoots: .system, clientAuthentication: .none)))
            do {
                try mock.createKey("weka_cluster_key")
                mock.createNamespace("team")
                try mock.enableTransit(mount: "transit", namespace: "team")
                try mock.createKey("weka_cluster_key", namespace: "team")
                try await body(bed, mock, caFile)
            } catch {
                await mock.stop()
                throw error
            }
            await mock.stop()
        }
    }

    @Test func tokenExampleRotateAndRewrapToTheLatestVersion() async throws {
        try await withVault { bed, mock, caFile in
            let token = mock.makeToken(MockVaultServer.TokenOptions(policies: ["root"], period: 3600))
            let typo = try bed.kms(["set", "vault", mock.address, "weka_clusterkey", "--token", token, "--ca-cert", caFile])
            #expect(typo.stderr.contains("reading Vault transit key weka_clusterkey failed"), "\(typo.stderr)")
            let set = try bed.kms(["set", "vault", mock.address, "weka_cluster_key", "--token", token, "--ca-cert", caFile])
            #expect(set.status == 0, "\(set.stderr)")
            let shown = try bed.kms([])
            #expect(shown.stdout.contains("auth method            token"), "\(shown.stdout)")
            #expect(shown.stdout.contains("token renewable        yes"), "\(shown.stdout)")
            #expect(!shown.stdout.contains(token))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try bed.kms(["--json"]).stdout.utf8)) as? [String: Any])
            #expect((json["tokenTTL"] as? Int).map { $0 > 3000 && $0 <= 3600 } == true, "\(json)")
            for name in ["a", "b"] { #expect(try bed.kms(["fs", "add", name, "--encrypted"]).status == 0) }
            #expect(try bed.kms(["fs"]).stdout.contains("vault"))
            #expect(try bed.kms(["rewrap", "--new-key-uid", "x"]).stderr.contains("--new-key-uid is for kmip only"))

            let admin = try VaultClient(configuration: VaultConfiguration(address: mock.address, authentication: .token(mock.makeRootToken()), caFile: caFile))
            _ = try await admin.rotateKey("weka_cluster_key")
            let rewrapped = try bed.kms(["rewrap"])
            #expect(rewrapped.status == 0, "\(rewrapped.stderr)")
            #expect(rewrapped.stderr.contains("[2/2] b: rewrapped with weka_cluster_key"))
            // Only version 2 may decrypt now: every key must have moved.
            _ = try await admin.configureKey("weka_cluster_key", TransitKeyConfigUpdate(minDecryptionVersion: 2))
            await admin.shutdown()
            let unlocked = try bed.kms(["fs", "unlock"])
            #expect(unlocked.stdout == "a: unlocked (vault key weka_cluster_key)\nb: unlocked (vault key weka_cluster_key)\n", "\(unlocked.stdout) \(unlocked.stderr)")
            let again = try bed.kms(["rewrap"])
            #expect(again.stderr.contains("[1/2] a: already wrapped by weka_cluster_key"), "\(again.stderr)")
            #expect(try bed.kms(["unset", "--allow-downgrade"]).status == 0)
            #expect(try bed.kms(["fs", "unlock"]).status == 0)
        }
    }

    @Test func appRoleExampleWithANamespace() async throws {
        try await withVault { bed, mock, caFile in
            try mock.enableAppRole(mount: "approle", namespace: "team")
            let (role, secret) = try mock.createAppRole("weka", MockVaultServer.AppRoleOptions(policies: ["root"], tokenTTL: 1200, namespace: "team"))
            let set = try bed.kms(["set", "vault", mock.address, "weka_cluster_key", "--role-id", role, "--namespace", "team", "--ca-cert", caFile],
                                  environment: ["KMS_SECRET_ID": secret])
            #expect(set.status == 0, "\(set.stderr)")
            let shown = try bed.kms([])
            #expect(shown.stdout.contains("namespace              team") && shown.stdout.contains("auth method            approle"), "\(shown.stdout)")
            #expect(!shown.stdout.contains(secret))
            #expect(try bed.kms(["fs", "add", "x", "--encrypted"]).status == 0)
            #expect(try bed.kms(["fs", "unlock"]).stdout == "x: unlocked (vault key weka_cluster_key)\n")
            let wrongSecret = try bed.kms(["set", "vault", mock.address, "weka_cluster_key", "--role-id", role, "--secret-id", "wrong",
                                           "--namespace", "team", "--ca-cert", caFile])
            #expect(wrongSecret.status != 0 && wrongSecret.stderr.contains("the new KMS does not work, nothing changed"), "\(wrongSecret.stderr)")
        }
    }

    @Test func perFilesystemKeysInTheirOwnNamespace() async throws {
        try await withVault { bed, mock, caFile in
            try mock.enableAppRole(mount: "approle")
            try mock.enableAppRole(mount: "approle", namespace: "team")
            let cluster = try mock.createAppRole("weka", MockVaultServer.AppRoleOptions(policies: ["root"]))
            let team = try mock.createAppRole("team-fs", MockVaultServer.AppRoleOptions(policies: ["root"], namespace: "team"))
            let set = try bed.kms(["set", "vault", mock.address, "weka_cluster_key", "--role-id", cluster.roleID, "--secret-id", cluster.secretID, "--ca-cert", caFile])
            #expect(set.status == 0, "\(set.stderr)")
            #expect(try bed.kms(["fs", "add", "shared", "--encrypted"]).status == 0)
            let own = try bed.kms(["fs", "add", "own", "--encrypted", "--kms-key-identifier", "weka_cluster_key", "--kms-namespace", "team",
                                   "--kms-role-id", team.roleID, "--kms-secret-id", team.secretID])
            #expect(own.status == 0, "\(own.stderr)")
            #expect(try bed.kms(["fs", "add", "bad", "--encrypted", "--kms-namespace", "sys"]).stderr.contains("reserved"))
            let listed = try bed.kms(["fs"]).stdout
            #expect(listed.split(separator: "\n").contains { $0.hasPrefix("own") && $0.contains("team") && $0.contains(team.roleID) }, "\(listed)")
            #expect(!listed.contains(team.secretID))
            #expect(try bed.kms(["fs", "unlock"]).status == 0)

            // Rotate the team key: rewrap without --all leaves "own" alone, --all moves it.
            let admin = try VaultClient(configuration: VaultConfiguration(
                address: mock.address, authentication: .token(mock.makeRootToken(namespace: "team")), caFile: caFile, namespace: "team"))
            _ = try await admin.rotateKey("weka_cluster_key")
            let clusterOnly = try bed.kms(["rewrap"])
            #expect(clusterOnly.status == 0 && clusterOnly.stderr.contains("[1/1] shared"), "\(clusterOnly.stderr)")
            let all = try bed.kms(["rewrap", "--all"])
            #expect(all.stderr.contains("own: rewrapped with weka_cluster_key"), "\(all.stderr)")
            _ = try await admin.configureKey("weka_cluster_key", TransitKeyConfigUpdate(minDecryptionVersion: 2))
            await admin.shutdown()
            #expect(try bed.kms(["fs", "kms-rewrap", "own"]).status == 0)
            #expect(try bed.kms(["fs", "unlock"]).stdout == "own: unlocked (vault key weka_cluster_key)\nshared: unlocked (vault key weka_cluster_key)\n")
            let moved = try bed.kms(["fs", "update", "own", "--use-cluster-kms-key-identifier"])
            #expect(moved.status == 0, "\(moved.stderr)")
            #expect(!(try bed.kms(["fs"]).stdout.contains("team")))
            #expect(try bed.kms(["fs", "unlock"]).status == 0)
        }
    }
}
