import KMIPCrypto
import Testing

@Suite struct KeyDerivationTests {
    func bytes(_ secret: SecretBytes) -> [UInt8] { secret.withUnsafeBytes { Array($0) } }

    /// RFC 6070 (PBKDF2-HMAC-SHA1), cases 1 and 3.
    @Test func pbkdf2GivesTheRFC6070Answers() throws {
        let password = SecretBytes(Array("password".utf8))
        #expect(bytes(try KeyDerivation.pbkdf2(password: password, salt: Array("salt".utf8), iterations: 1, digest: .sha1, length: 20))
            == hex("0c60c80f961f0e71f3a9b524af6012062fe037a6"))
        #expect(bytes(try KeyDerivation.pbkdf2(password: password, salt: Array("salt".utf8), iterations: 4096, digest: .sha1, length: 20))
            == hex("4b007901b765489abead49d926f721d065a429c1"))
        #expect(throws: CryptoError.self) { _ = try KeyDerivation.pbkdf2(password: password, salt: [], iterations: 0, digest: .sha1, length: 16) }
    }

    /// RFC 5869 test case 1 (HKDF-SHA256).
    @Test func hkdfGivesTheRFC5869Answer() throws {
        let okm = try KeyDerivation.hkdf(key: SecretBytes([UInt8](repeating: 0x0b, count: 22)), salt: hex("000102030405060708090a0b0c"),
                                         info: hex("f0f1f2f3f4f5f6f7f8f9"), digest: .sha256, length: 42)
        #expect(bytes(okm) == hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"))
        #expect(throws: CryptoError.self) { _ = try KeyDerivation.hkdf(key: SecretBytes([1]), salt: [], info: [], digest: .sha256, length: 255 * 32 + 1) }
    }
}
