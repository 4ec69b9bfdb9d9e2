import KMIPCrypto
import Testing

/// SP 800-38A appendix F plaintext (four blocks).
let sp800_38aPlaintext = hex("""
    6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
    30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710
    """)

@Suite struct SymmetricCipherTests {
    // MARK: Known answers

    /// GCM specification (McGrew & Viega) test case 4: AES-128, 96-bit IV, additional data.
    @Test func aesGCMTestCase4() throws {
        let k = key("feffe9928665731c6d6a8f9467308308")
        let iv = hex("cafebabefacedbaddecaf888")
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let plaintext = hex("""
            d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
            """)
        let expected = hex("""
            42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e
            21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091
            """)
        let (ciphertext, tag) = try SymmetricCipher.encrypt(
            plaintext, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: aad)
        #expect(ciphertext == expected)
        #expect(tag == hex("5bc94fbc3221a5db94fae95ae7121a47"))
        let decrypted = try SymmetricCipher.decrypt(
            ciphertext, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: aad, tag: tag)
        #expect(decrypted == plaintext)
    }

    /// GCM test case 5: a 64-bit IV, and a truncated (12-byte) tag.
    @Test func aesGCMShortIVAndTruncatedTag() throws {
        let k = key("feffe9928665731c6d6a8f9467308308")
        let iv = hex("cafebabefacedbad")
        let aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
        let plaintext = hex("""
            d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
            """)
        let (ciphertext, tag) = try SymmetricCipher.encrypt(
            plaintext, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: aad, tagLength: 12)
        #expect(ciphertext.prefix(16) == hex("61353b4c2806934a777ff51fa22a4755")[...])
        #expect(tag == hex("3612d2e79e3b0785561be14a"))
        #expect(try SymmetricCipher.decrypt(
            ciphertext, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: aad, tag: tag) == plaintext)
    }

    /// GCM test case 1: empty plaintext, tag only.
    @Test func aesGCMEmptyPlaintext() throws {
        let (ciphertext, tag) = try SymmetricCipher.encrypt(
            [], key: key("00000000000000000000000000000000"), algorithm: .aes, mode: .gcm, padding: .none,
            iv: [UInt8](repeating: 0, count: 12))
        #expect(ciphertext.isEmpty)
        #expect(tag == hex("58e2fccefa7e3061367f1d57a4e7455a"))
    }

    /// SP 800-38A F.2.1 (AES-128) and F.2.5 (AES-256) CBC, no padding.
    @Test(arguments: [
        ("2b7e151628aed2a6abf7158809cf4f3c", """
            7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
            73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7
            """),
        ("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", """
            f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d
            39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b
            """),
    ])
    func aesCBC(keyHex: String, ciphertextHex: String) throws {
        let iv = hex("000102030405060708090a0b0c0d0e0f")
        let (ciphertext, tag) = try SymmetricCipher.encrypt(
            sp800_38aPlaintext, key: key(keyHex), algorithm: .aes, mode: .cbc, padding: .none, iv: iv)
        #expect(ciphertext == hex(ciphertextHex))
        #expect(tag == nil)
        #expect(try SymmetricCipher.decrypt(
            ciphertext, key: key(keyHex), algorithm: .aes, mode: .cbc, padding: .none, iv: iv) == sp800_38aPlaintext)
    }

    /// PKCS#5 padding: a whole extra block on block-aligned data, and odd lengths round-trip.
    @Test func aesCBCPadding() throws {
        let k = key("2b7e151628aed2a6abf7158809cf4f3c")
        let iv = hex("000102030405060708090a0b0c0d0e0f")
        let (padded, _) = try SymmetricCipher.encrypt(sp800_38aPlaintext, key: k, algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv)
        #expect(padded.count == 80)
        #expect(padded.prefix(64) == hex("""
            7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2
            73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7
            """)[...])
        for length in [0, 1, 15, 16, 17, 33] {
            let message = [UInt8](repeating: 0x5A, count: length)
            let (ciphertext, _) = try SymmetricCipher.encrypt(message, key: k, algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv)
            #expect(ciphertext.count == (length / 16 + 1) * 16)
            #expect(try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv) == message)
        }
    }

    /// SP 800-38A F.1.1: AES-128 ECB.
    @Test func aesECB() throws {
        let k = key("2b7e151628aed2a6abf7158809cf4f3c")
        let (ciphertext, _) = try SymmetricCipher.encrypt(sp800_38aPlaintext, key: k, algorithm: .aes, mode: .ecb, padding: .none, iv: nil)
        #expect(ciphertext == hex("""
            3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf
            43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4
            """))
        #expect(try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .aes, mode: .ecb, padding: .none, iv: nil) == sp800_38aPlaintext)
    }

    /// SP 800-38A F.5.1: AES-128 CTR; also a partial final block.
    @Test func aesCTR() throws {
        let k = key("2b7e151628aed2a6abf7158809cf4f3c")
        let counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff")
        let expected = hex("""
            874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff
            5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee
            """)
        let (ciphertext, _) = try SymmetricCipher.encrypt(sp800_38aPlaintext, key: k, algorithm: .aes, mode: .ctr, padding: .none, iv: counter)
        #expect(ciphertext == expected)
        let (partial, _) = try SymmetricCipher.encrypt(Array(sp800_38aPlaintext.prefix(21)), key: k, algorithm: .aes, mode: .ctr, padding: .pkcs5, iv: counter)
        #expect(partial[...] == expected.prefix(21))
        #expect(try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .aes, mode: .ctr, padding: .none, iv: counter) == sp800_38aPlaintext)
    }

    @Test func aesXTSRoundTrip() throws {
        let k = try Random.key(64)
        let tweak = try Random.bytes(16)
        let message = try Random.bytes(45)
        let (ciphertext, _) = try SymmetricCipher.encrypt(message, key: k, algorithm: .aes, mode: .xts, padding: .none, iv: tweak)
        #expect(ciphertext.count == 45 && ciphertext != message)
        #expect(try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .aes, mode: .xts, padding: .none, iv: tweak) == message)
    }

    @Test(arguments: [16, 24])
    func tripleDESCBCRoundTrip(keyLength: Int) throws {
        let k = try Random.key(keyLength)
        let iv = try Random.bytes(SymmetricCipher.ivLength(algorithm: .tripleDES, mode: .cbc)!)
        let message = Array("Triple DES, still in KMIP profiles".utf8)
        let (ciphertext, _) = try SymmetricCipher.encrypt(message, key: k, algorithm: .tripleDES, mode: .cbc, padding: .pkcs5, iv: iv)
        #expect(ciphertext.count == 40)
        #expect(try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .tripleDES, mode: .cbc, padding: .pkcs5, iv: iv) == message)
    }

    // MARK: Failures

    @Test func gcmTamperFailsAuthentication() throws {
        let k = try Random.key(32)
        let iv = try Random.bytes(12)
        let (ciphertext, tag) = try SymmetricCipher.encrypt(
            Array("attack at dawn".utf8), key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: [1, 2, 3])
        var badCiphertext = ciphertext
        badCiphertext[0] ^= 1
        var badTag = tag!
        badTag[15] ^= 0x80
        let cases: [([UInt8], [UInt8], [UInt8])] = [(badCiphertext, tag!, [1, 2, 3]), (ciphertext, badTag, [1, 2, 3]), (ciphertext, tag!, [1, 2, 4])]
        for (c, t, aad) in cases {
            let error = #expect(throws: CryptoError.self) {
                try SymmetricCipher.decrypt(c, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, additionalData: aad, tag: t)
            }
            #expect(error?.code == .authenticationFailed)
        }
    }

    @Test func badLengthsAreInvalidParameters() throws {
        let iv = [UInt8](repeating: 0, count: 16)
        let shortKey = #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt([1], key: SecretBytes([UInt8](repeating: 0, count: 15)), algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv)
        }
        #expect(shortKey?.code == .invalidParameters)
        #expect(shortKey?.message.contains("16, 24, 32 bytes, not 15") == true)

        let shortIV = #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt([1], key: SecretBytes(iv), algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: [0, 0, 0])
        }
        #expect(shortIV?.code == .invalidParameters)
        #expect(shortIV?.message.contains("16-byte IV, not 3") == true)

        let noIV = #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt([1], key: SecretBytes(iv), algorithm: .aes, mode: .ctr, padding: .none, iv: nil)
        }
        #expect(noIV?.code == .invalidParameters)

        let unaligned = #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt([1, 2, 3], key: SecretBytes(iv), algorithm: .aes, mode: .ecb, padding: .none, iv: nil)
        }
        #expect(unaligned?.code == .invalidParameters)

        let noTag = #expect(throws: CryptoError.self) {
            try SymmetricCipher.decrypt([1], key: SecretBytes(iv), algorithm: .aes, mode: .gcm, padding: .none, iv: iv)
        }
        #expect(noTag?.code == .invalidParameters)

        let unsupported = #expect(throws: CryptoError.self) {
            try SymmetricCipher.encrypt([1], key: SecretBytes(iv), algorithm: .tripleDES, mode: .gcm, padding: .none, iv: iv)
        }
        #expect(unsupported?.code == .unsupported)
    }

    @Test func wrongKeyCBCPaddingFails() throws {
        let iv = try Random.bytes(16)
        let (ciphertext, _) = try SymmetricCipher.encrypt(
            Array("some secret text".utf8), key: try Random.key(16), algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv)
        // A wrong key yields bad padding almost always (1 in ~256 chance of valid-looking padding).
        var failures = 0
        for _ in 0..<4 {
            if (try? SymmetricCipher.decrypt(ciphertext, key: try Random.key(16), algorithm: .aes, mode: .cbc, padding: .pkcs5, iv: iv)) == nil {
                failures += 1
            }
        }
        #expect(failures >= 3)
    }

    @Test func ivLengths() {
        #expect(SymmetricCipher.ivLength(algorithm: .aes, mode: .gcm) == 12)
        #expect(SymmetricCipher.ivLength(algorithm: .aes, mode: .cbc) == 16)
        #expect(SymmetricCipher.ivLength(algorithm: .aes, mode: .ecb) == nil)
        #expect(SymmetricCipher.ivLength(algorithm: .tripleDES, mode: .cbc) == 8)
        #expect(SymmetricCipher.ivLength(algorithm: .tripleDES, mode: .ctr) == nil)
    }
}
