import Foundation
import KMIPSpec
import KMIPSpecGen
import Testing

/// The package root, from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct GeneratedCodeTests {
    /// The committed `Sources/KMIPSpec/Generated` must be what the generator writes from
    /// `Tools/spec/kmip-spec.tsv` (run `swift run kmip-specgen` after editing the table).
    @Test func generatedCodeIsUpToDate() throws {
        let table = try String(contentsOf: packageRoot.appendingPathComponent("Tools/spec/kmip-spec.tsv"), encoding: .utf8)
        let files = try Generator.generate(try SpecTableFile.parse(table))
        #expect(files.count == 5)
        for (path, contents) in files {
            let committed = try String(contentsOf: packageRoot.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == contents, "\(path) is out of date: run `swift run kmip-specgen`")
        }
    }

    @Test func tableParserRejectsBadRows() {
        let header = SpecTableFile.header.joined(separator: "\t")
        let bad = [
            "tag\t\tX\t0x4200\tInteger\t1.0\t\ts",
            "tag\t\tX\t0x420001\tNumber\t1.0\t\ts",
            "tag\t\tX\t0x420001\tInteger\t1.5\t\ts",
            "tag\t\tX\t0x420001\tInteger\t2.0\t1.0\ts",
            "enum\t\tX\t0x00000001\t\t1.0\t\ts",
            "tag\t\tX\t0x420001\tInteger\t1.0\ts",
        ]
        for row in bad {
            #expect(throws: SpecTableError.self) { try SpecTableFile.parse(header + "\n" + row + "\n") }
        }
    }

    @Test func generatorRejectsInconsistentTables() {
        let header = SpecTableFile.header.joined(separator: "\t") + "\n"
        let unknownSet = header + "tag\tNo Such Set\tX\t0x420001\tEnumeration\t1.0\t\ts\n"
        let unknownAliasSet = header + "alias\tNo Such Set\tX\t0x00000001\t\t1.0\t\ts\n"
        let duplicate = header + "tag\t\tA(B)\t0x420001\tInteger\t1.0\t\ts\ntag\t\tA B\t0x420002\tInteger\t1.0\t\ts\n"
        for table in [unknownSet, unknownAliasSet, duplicate] {
            #expect(throws: SpecTableError.self) { try Generator.generate(try SpecTableFile.parse(table)) }
        }
    }

    /// KMIP Additional Message Encodings 1.0 section 4.1.3, with names from the vectors.
    @Test(arguments: [
        ("Activation Date", "ActivationDate"), ("IV/Counter/Nonce", "IVCounterNonce"),
        ("PKCS#11", "PKCS_11"), ("3DES", "DES3"), ("X.509", "X_509"), ("SHA-256", "SHA_256"),
        ("Sign (PKCS#1 v1.5)", "SignPKCS_1V1_5"), ("EC Public Key Type X9.62 Compressed Prime", "ECPublicKeyTypeX9_62CompressedPrime"),
        ("Long-term Key", "LongTermKey"), ("On-line storage", "OnLineStorage"),
    ])
    func normalisation(_ name: String, _ expected: String) {
        #expect(Naming.normalize(name) == expected)
    }

    @Test func memberNames() {
        #expect(Naming.memberName("IVCounterNonce") == "ivCounterNonce")
        #expect(Naming.memberName("AES") == "aes")
        #expect(Naming.memberName("PKCS_11") == "pkcs_11")
        #expect(Naming.memberName("ActivationDate") == "activationDate")
        #expect(Naming.memberName("Default") == "`default`")
    }
}
