import Foundation
import KMIPServer
import Testing

/// `kms` end to end: the built binary, a mock KMIP server over mutual TLS on 127.0.0.1, a real
/// SQLite state file.
@Suite(.serialized) struct KMSCommandTests {
    @Test func wekaKMIPExampleSetsShowsAndUnsets() async throws {
        try await KMSTestBed.with { bed in
            let none = try bed.kms([])
            #expect(none.status == 0)
            #expect(none.stdout == "No KMS is configured\n")
            let key = try await bed.makeKey()
            let set = try bed.kms(bed.setKMIP(key))
            #expect(set.status == 0, "\(set.stderr)")
            let shown = try bed.kms([])
            #expect(shown.stdout.contains("type                   kmip"))
            #expect(shown.stdout.contains("address                \(bed.address)"))
            #expect(shown.stdout.contains("key identifier         \(key)"))
            #expect(shown.stdout.contains("auth method            client certificate"))
            let json = try bed.kms(["--json"])
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            #expect(fields["type"] as? String == "kmip")
            #expect(fields["keyIdentifier"] as? String == key)
            #expect(fields["address"] as? String == bed.address)
            #expect(!json.stdout.contains("PRIVATE KEY") && !shown.stdout.contains("PRIVATE KEY"))
            let unset = try bed.kms(["unset"])
            #expect(unset.status == 0, "\(unset.stderr)")
            #expect(try bed.kms([]).stdout == "No KMS is configured\n")
            #expect(try bed.kms(["unset"]).stderr == "Error: no KMS is configured\n")
        }
    }

    @Test func wekaVaultExamplesPassValidationAndNeedAReachableVault() async throws {
        try await KMSTestBed.with { bed in
            let token = try bed.kms(["set", "vault", "https://vault-dns:8200", "weka_cluster_key", "--token", "s.nRucA9Gtb3yNVmLUK221234"])
            #expect(token.status != 0)
            #expect(token.stderr.contains("the new KMS does not work, nothing changed"), "\(token.stderr)")
            #expect(!token.stderr.contains("nRucA9"))
            let appRole = try bed.kms(["set", "vault", "https://vault-dns:8200", "weka_cluster_key", "--role-id", "26e2576f-cb9d-b48a-057d-e37d8956b00c",
                                       "--secret-id", "44797329-e729-6j80-m9d4-b1825037cha6"])
            #expect(appRole.stderr.contains("the new KMS does not work, nothing changed"), "\(appRole.stderr)")
            #expect(!appRole.stderr.contains("cha6"))
            let fromEnvironment = try bed.kms(["set", "vault", "https://vault-dns:8200", "k", "--role-id", "r", "--namespace", "team/a"],
                                              environment: ["KMS_SECRET_ID": "s"])
            #expect(fromEnvironment.stderr.contains("the new KMS does not work, nothing changed"), "\(fromEnvironment.stderr)")
            let noSecret = try bed.kms(["set", "vault", "https://vault-dns:8200", "k", "--role-id", "r"])
            #expect(noSecret.stderr.contains("--role-id and --secret-id go together"), "\(noSecret.stderr)")
            #expect(try bed.kms([]).stdout == "No KMS is configured\n")
        }
    }

    @Test func setRefusesWhatWEKARefusesAndKeepsTheOldConfiguration() async throws {
        try await KMSTestBed.with { bed in
            let key = try await bed.makeKey()
            #expect(try bed.kms(bed.setKMIP(key)).status == 0)
            let vault = ["set", "vault", "https://vault:8200", "k"]
            let cert = ["--client-cert", bed.file("client.pem"), "--client-key", bed.file("client-key.pem")]
            let refused: [([String], String)] = [
                (["set", "aws", bed.address, key], "the KMS type must be vault or kmip"),
                (["set", "kmip", bed.address, key], "kmip needs --client-cert and --client-key"),
                (["set", "kmip", bed.address, key, "--token", "t"] + cert, "--token is for vault only"),
                (["set", "kmip", bed.address, key, "--namespace", "ns"] + cert, "--namespace is for vault only"),
                (["set", "kmip", bed.address, key, "--role-id", "r", "--secret-id", "s"] + cert, "for vault only"),
                (["set", "kmip", "https://" + bed.address, key] + cert, "without a URL scheme"),
                (["set", "kmip", "127.0.0.1:99999", key] + cert, "must be 1 to 65535"),
                (["set", "kmip", bed.address, "bad key"] + cert, "the key identifier contains whitespace"),
                (vault + ["--token", "t"] + cert, "--client-cert and --client-key are for kmip only"),
                (vault + ["--token", "t", "--role-id", "r", "--secret-id", "s"], "either --token or --role-id and --secret-id"),
                (vault + ["--secret-id", "s"], "--role-id and --secret-id go together"),
                (vault, "vault needs --token, or --role-id and --secret-id"),
                (["set", "vault", "vault:8200", "k", "--token", "t"], "a vault address is an https URL"),
                (vault + ["--role-id", "r", "--secret-id", "s", "--namespace", "team/"], "must not end with /"),
                (vault + ["--role-id", "r", "--secret-id", "s", "--namespace", "my team"], "contains whitespace"),
                (vault + ["--role-id", "r", "--secret-id", "s", "--namespace", "sys"], "'sys' is a reserved Vault namespace name"),
                (vault + ["--role-id", "r", "--secret-id", "s", "--namespace", "a/cubbyhole"], "reserved Vault namespace name"),
                (vault + ["--token", "t", "--namespace", "team"], "a namespace needs AppRole authentication"),
                (["set", "kmip", bed.address, "no-such-key"] + cert + ["--ca-cert", bed.file("ca.pem")], "the new KMS does not work, nothing changed"),
                (["set", "kmip", bed.address, key] + cert + ["--ca-cert", bed.file("other-ca.pem")], "the new KMS does not work, nothing changed"),
                (["set", "kmip", "127.0.0.1:1", key] + cert + ["--ca-cert", bed.file("ca.pem")], "the new KMS does not work, nothing changed"),
                (["set", "kmip", bed.address, key, "--client-cert", bed.file("missing.pem"), "--client-key", bed.file("client-key.pem")],
                 "cannot read the client certificate file"),
            ]
            for (arguments, reason) in refused {
                let result = try bed.kms(arguments)
                #expect(result.status != 0, "\(arguments) was accepted")
                #expect(result.stderr.hasPrefix("Error: ") && result.stderr.contains(reason), "\(arguments): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            }
            let shown = try bed.kms(["--json"])
            #expect(shown.stdout.contains(key))
            #expect(shown.stdout.contains(bed.address))
        }
    }

    @Test func encryptedFilesystemsAreWrappedByTheKMSAndUnlock() async throws {
        try await KMSTestBed.with { bed in
            let refused = try bed.kms(["fs", "add", "secure", "--encrypted"])
            #expect(refused.stderr.contains("no KMS is configured"), "\(refused.stderr)")
            let key = try await bed.makeKey()
            #expect(try bed.kms(bed.setKMIP(key)).status == 0)
            let added = try bed.kms(["fs", "add", "secure", "--encrypted"])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stdout.contains("key wrapped by kmip \(key)"))
            #expect(try bed.kms(["fs", "add", "plain"]).status == 0)
            #expect(try bed.kms(["fs", "add", "secure"]).stderr.contains("exists already"))
            #expect(try bed.kms(["fs", "add", "bad name"]).stderr.contains("a filesystem name is"))
            let perFS = try bed.kms(["fs", "add", "own", "--encrypted", "--kms-key-identifier", "k2"])
            #expect(perFS.stderr.contains("only for a HashiCorp Vault KMS"), "\(perFS.stderr)")
            #expect(try bed.kms(["fs", "add", "plain2", "--kms-namespace", "n"]).stderr.contains("need --encrypted"))

            let listed = try bed.kms(["fs"])
            let lines = listed.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("NAME") == true && lines.first?.contains("KMS NAMESPACE") == true)
            #expect(lines.contains { $0.hasPrefix("secure") && $0.contains("yes") && $0.contains(key) })
            #expect(lines.contains { $0.hasPrefix("plain") && $0.contains("no") })
            let json = try JSONSerialization.jsonObject(with: Data(try bed.kms(["fs", "--json"]).stdout.utf8)) as? [[String: Any]]
            #expect(json?.count == 2)

            let unlocked = try bed.kms(["fs", "unlock"])
            #expect(unlocked.status == 0, "\(unlocked.stderr)")
            #expect(unlocked.stdout == "secure: unlocked (kmip key \(key))\n")
            #expect(try bed.kms(["fs", "kms-rewrap", "secure"]).status == 0)
            #expect(try bed.kms(["fs", "kms-rewrap", "plain"]).stderr.contains("'plain' is not encrypted"))
            #expect(try bed.kms(["fs", "update", "secure", "--use-cluster-kms-key-identifier"]).stderr.contains("already uses the cluster KMS key"))
            #expect(try bed.kms(["fs", "unlock"]).status == 0)

            // The key is gone from the KMS: the filesystem stays locked, and says why.
            try await bed.destroy(key)
            let locked = try bed.kms(["fs", "unlock"])
            #expect(locked.status != 0)
            #expect(locked.stdout.hasPrefix("secure: locked: KMIP Decrypt with key \(key)"), "\(locked.stdout)")
            #expect(locked.stderr == "Error: 1 of 1 encrypted filesystem(s) stay locked\n")
            #expect(try bed.kms(["fs", "remove", "secure"]).status == 0)
            #expect(try bed.kms(["fs", "remove", "secure"]).stderr.contains("no filesystem named"))
            #expect(try bed.kms(["fs", "unlock"]).status == 0)
        }
    }

    @Test func localEncryptionKeysAreWrappedWhenAKMSIsSet() async throws {
        try await KMSTestBed.with { bed in
            let added = try bed.kms(["fs", "add", "poc", "--encrypted", "--allow-no-kms"])
            #expect(added.status == 0, "\(added.stderr)")
            #expect(added.stderr.contains("insecure"))
            #expect(try bed.kms(["fs", "unlock"]).stdout == "poc: unlocked (local key local)\n")
            let key = try await bed.makeKey()
            let set = try bed.kms(bed.setKMIP(key))
            #expect(set.status == 0, "\(set.stderr)")
            #expect(set.stdout.contains("wrapped the keys of 1 filesystem(s)"))
            #expect(try bed.kms(["fs", "unlock"]).stdout == "poc: unlocked (kmip key \(key))\n")
        }
    }

    @Test func setWithEncryptedFilesystemsKeepsTheirKey() async throws {
        try await KMSTestBed.with { bed in
            let key = try await bed.makeKey()
            #expect(try bed.kms(bed.setKMIP(key)).status == 0)
            #expect(try bed.kms(["fs", "add", "data", "--encrypted"]).status == 0)
            let other = try await bed.makeKey()
            let moved = try bed.kms(bed.setKMIP(other))
            #expect(moved.status != 0)
            #expect(moved.stderr.contains("use `kms rewrap --new-key-uid \(other)`"), "\(moved.stderr)")
            // Same key, same server, new settings: accepted after an existing key unwraps with them.
            let again = try bed.kms(["set", "kmip", "localhost:\(bed.server.port)", key, "--client-cert", bed.file("client.pem"),
                                     "--client-key", bed.file("client-key.pem"), "--ca-cert", bed.file("ca.pem")])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try bed.kms([]).stdout.contains("localhost:\(bed.server.port)"))
            #expect(try bed.kms(["fs", "unlock"]).status == 0)
        }
    }

    @Test func unsetIsRefusedWithEncryptedFilesystemsUnlessDowngrading() async throws {
        try await KMSTestBed.with { bed in
            let key = try await bed.makeKey()
            #expect(try bed.kms(bed.setKMIP(key)).status == 0)
            for name in ["a", "b"] { #expect(try bed.kms(["fs", "add", name, "--encrypted"]).status == 0) }
            let refused = try bed.kms(["unset"])
            #expect(refused.status != 0)
            #expect(refused.stderr == "Error: 2 encrypted filesystem(s) use the KMS; give --allow-downgrade to re-wrap their keys with local encryption (insecure)\n")
            #expect(try bed.kms([]).stdout.contains(key))
            let downgraded = try bed.kms(["unset", "--allow-downgrade"])
            #expect(downgraded.status == 0, "\(downgraded.stderr)")
            #expect(downgraded.stderr.contains("warning: the keys of 2 encrypted filesystem(s) are now wrapped by local encryption"))
            #expect(try bed.kms([]).stdout == "No KMS is configured\n")
            // The KMS key is gone now, and local encryption still opens both.
            try await bed.destroy(key)
            #expect(try bed.kms(["fs", "unlock"]).stdout == "a: unlocked (local key local)\nb: unlocked (local key local)\n")
        }
    }
}
