import KMIPCrypto
import Testing

@Suite struct DigestTests {
    @Test(arguments: [
        (Digest.Algorithm.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (.sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"),
        (.md5, "900150983cd24fb0d6963f7d28e17f72"),
    ])
    func abc(algorithm: Digest.Algorithm, expected: String) throws {
        #expect(try Digest.hash(Array("abc".utf8), algorithm: algorithm) == hex(expected))
    }

    @Test func lengths() throws {
        for algorithm in Digest.Algorithm.allCases {
            #expect(try Digest.hash([], algorithm: algorithm).count == algorithm.outputLength)
        }
    }

    /// RFC 4231 test case 2: key "Jefe".
    @Test func hmacSHA256RFC4231Case2() throws {
        let data = Array("what do ya want for nothing?".utf8)
        let k = SecretBytes(Array("Jefe".utf8))
        let mac = try HMAC.authenticate(data, key: k, digest: .sha256)
        #expect(mac == hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"))
        #expect(try HMAC.verify(data, mac: mac, key: k, digest: .sha256))
        var bad = mac
        bad[31] ^= 1
        #expect(try !HMAC.verify(data, mac: bad, key: k, digest: .sha256))
        #expect(try !HMAC.verify(data, mac: Array(mac.prefix(16)), key: k, digest: .sha256))
        #expect(try !HMAC.verify(data + [0], mac: mac, key: k, digest: .sha256))
    }

    @Test func hmacEmptyKeyAndData() throws {
        // HMAC-SHA256 with an empty key over an empty message.
        #expect(try HMAC.authenticate([], key: SecretBytes([]), digest: .sha256)
            == hex("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"))
    }
}

@Suite struct SecretBytesTests {
    @Test func descriptionRedacts() {
        let secret = SecretBytes([0xDE, 0xAD, 0xBE, 0xEF])
        #expect(secret.description == "<redacted 4 bytes>")
        #expect("\(secret)" == "<redacted 4 bytes>")
        #expect(String(reflecting: secret) == "<redacted 4 bytes>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.lowercased().contains("de") && !dumped.contains("222"))
        #expect(secret.count == 4)
        #expect(secret.bytes == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(secret.withUnsafeBytes { Array($0) } == [0xDE, 0xAD, 0xBE, 0xEF])
    }

    @Test func equalityAndEmpty() {
        #expect(SecretBytes([1, 2, 3]) == SecretBytes([1, 2, 3]))
        #expect(SecretBytes([1, 2, 3]) != SecretBytes([1, 2, 4]))
        #expect(SecretBytes([1, 2]) != SecretBytes([1, 2, 3]))
        #expect(SecretBytes([]).isEmpty && SecretBytes([]) == SecretBytes([]))
    }

    @Test func random() throws {
        #expect(try Random.bytes(0).isEmpty)
        #expect(try Random.bytes(32).count == 32)
        #expect(try Random.bytes(32) != Random.bytes(32))
        #expect(try Random.key(24).count == 24)
    }
}
