import KMIPCrypto
import Testing

/// Keys generated once per test run (RSA generation is slow in debug builds).
enum TestKeys {
    static let rsa2048: KeyPairDER = try! AsymmetricKeys.generateRSA(bits: 2048)
    static let p256: KeyPairDER = try! AsymmetricKeys.generateEC(curve: .p256)
    static let p384: KeyPairDER = try! AsymmetricKeys.generateEC(curve: .p384)
}

@Suite struct KeyGenerationTests {
    @Test func rsaKeyPair() throws {
        let pair = TestKeys.rsa2048
        #expect(try AsymmetricKeys.kind(publicKeyDER: pair.publicKey) == .rsa(bits: 2048))
        #expect(try AsymmetricKeys.kind(privateKeyDER: pair.privateKey) == .rsa(bits: 2048))
        #expect(try AsymmetricKeys.publicKey(fromPrivateKeyDER: pair.privateKey) == pair.publicKey)
        #expect(pair.description.contains("redacted"))
    }

    @Test func ecKeyPairs() throws {
        #expect(try AsymmetricKeys.kind(publicKeyDER: TestKeys.p256.publicKey) == .ec(.p256, bits: 256))
        #expect(try AsymmetricKeys.kind(privateKeyDER: TestKeys.p384.privateKey) == .ec(.p384, bits: 384))
        let p521 = try AsymmetricKeys.generateEC(curve: .p521)
        #expect(try AsymmetricKeys.kind(publicKeyDER: p521.publicKey) == .ec(.p521, bits: 521))
    }

    @Test func rsaSizeOutOfRange() {
        let error = #expect(throws: CryptoError.self) { try AsymmetricKeys.generateRSA(bits: 512) }
        #expect(error?.code == .invalidParameters)
    }

    @Test func rsaComponents() throws {
        let parts = try AsymmetricKeys.rsaComponents(privateKeyDER: TestKeys.rsa2048.privateKey)
        #expect(parts.n.count == 256)
        #expect(parts.e == [0x01, 0x00, 0x01])
        #expect(parts.p.count == 128 && parts.q.count == 128)
        #expect(parts.d.count > 200 && parts.dP.count > 100 && parts.dQ.count > 100 && parts.qInv.count > 100)
        #expect(parts.description == "RSAComponents(n: 2048 bits, e: 3 bytes, private: <redacted>)")
        #expect("\(parts.d)" == "<redacted \(parts.d.count) bytes>")
        let (n, e) = try AsymmetricKeys.rsaPublicComponents(publicKeyDER: TestKeys.rsa2048.publicKey)
        #expect(n == parts.n && e == parts.e)

        // And back again.
        #expect(try AsymmetricKeys.rsaPrivateKey(from: parts) == TestKeys.rsa2048.privateKey)
        #expect(try AsymmetricKeys.rsaPublicKey(n: n, e: e) == TestKeys.rsa2048.publicKey)
        var broken = parts
        var d = parts.d.bytes
        d[d.count - 1] ^= 2
        broken.d = SecretBytes(d)
        let error = #expect(throws: CryptoError.self) { try AsymmetricKeys.rsaPrivateKey(from: broken) }
        #expect(error?.code == .invalidKey)
    }

    @Test func formatConversions() throws {
        let pair = TestKeys.rsa2048
        let pkcs1 = try AsymmetricKeys.publicKeyPKCS1(fromSPKI: pair.publicKey)
        #expect(pkcs1.count < pair.publicKey.count)
        #expect(try AsymmetricKeys.publicKeySPKI(fromDER: pkcs1) == pair.publicKey)
        let traditional = try AsymmetricKeys.privateKeyTraditional(fromDER: pair.privateKey)
        #expect(traditional != pair.privateKey)
        #expect(try AsymmetricKeys.privateKeyPKCS8(fromDER: traditional) == pair.privateKey)
        // A PKCS#1 public key verifies too.
        let signature = try Signature.sign([1, 2, 3], privateKeyDER: traditional, algorithm: .rsaPKCS1v15(.sha256))
        #expect(try Signature.verify([1, 2, 3], signature: signature, publicKeyDER: pkcs1, algorithm: .rsaPKCS1v15(.sha256)))
    }

    @Test func garbageKeysAreInvalid() {
        let privateError = #expect(throws: CryptoError.self) { try AsymmetricKeys.kind(privateKeyDER: SecretBytes([0x30, 0x03, 0x02, 0x01, 0x00])) }
        #expect(privateError?.code == .invalidKey)
        let publicError = #expect(throws: CryptoError.self) { try AsymmetricKeys.kind(publicKeyDER: TestKeys.rsa2048.publicKey + [0]) }
        #expect(publicError?.code == .invalidKey)
        let empty = #expect(throws: CryptoError.self) { try AsymmetricKeys.kind(publicKeyDER: []) }
        #expect(empty?.code == .invalidKey)
    }
}

@Suite struct SignatureTests {
    static let message = Array("Key Management Interoperability Protocol".utf8)

    @Test(arguments: [
        SignatureAlgorithm.rsaPKCS1v15(.sha256), .rsaPKCS1v15(.sha512), .rsaPSS(.sha256, saltLength: nil),
        .rsaPSS(.sha384, saltLength: 20), .rsaPSS(.sha3_256, saltLength: 0),
    ])
    func rsa(algorithm: SignatureAlgorithm) throws {
        try roundTrip(TestKeys.rsa2048, algorithm, expectedLength: 256)
    }

    @Test(arguments: [(TestKeys.p256, Digest.Algorithm.sha256), (TestKeys.p384, .sha384), (TestKeys.p256, .sha512)])
    func ecdsa(pair: KeyPairDER, digest: Digest.Algorithm) throws {
        try roundTrip(pair, .ecdsa(digest), expectedLength: nil)
    }

    func roundTrip(_ pair: KeyPairDER, _ algorithm: SignatureAlgorithm, expectedLength: Int?) throws {
        let message = Self.message
        let signature = try Signature.sign(message, privateKeyDER: pair.privateKey, algorithm: algorithm)
        if let expectedLength { #expect(signature.count == expectedLength) } else { #expect(signature.first == 0x30) }
        #expect(try Signature.verify(message, signature: signature, publicKeyDER: pair.publicKey, algorithm: algorithm))

        var tamperedMessage = message
        tamperedMessage[0] ^= 1
        #expect(try !Signature.verify(tamperedMessage, signature: signature, publicKeyDER: pair.publicKey, algorithm: algorithm))
        var tamperedSignature = signature
        tamperedSignature[tamperedSignature.count - 1] ^= 1
        #expect(try !Signature.verify(message, signature: tamperedSignature, publicKeyDER: pair.publicKey, algorithm: algorithm))
        #expect(try !Signature.verify(message, signature: [], publicKeyDER: pair.publicKey, algorithm: algorithm))

        // Pre-hashed: the same signatures, both ways.
        let digest = try Digest.hash(message, algorithm: algorithm.digest)
        #expect(try Signature.verify(digest: digest, signature: signature, publicKeyDER: pair.publicKey, algorithm: algorithm))
        let prehashed = try Signature.sign(digest: digest, privateKeyDER: pair.privateKey, algorithm: algorithm)
        #expect(try Signature.verify(message, signature: prehashed, publicKeyDER: pair.publicKey, algorithm: algorithm))
    }

    @Test func pkcs1v15IsDeterministic() throws {
        let a = try Signature.sign(Self.message, privateKeyDER: TestKeys.rsa2048.privateKey, algorithm: .rsaPKCS1v15(.sha256))
        let b = try Signature.sign(Self.message, privateKeyDER: TestKeys.rsa2048.privateKey, algorithm: .rsaPKCS1v15(.sha256))
        #expect(a == b)
        #expect(try !Signature.verify(Self.message, signature: a, publicKeyDER: TestKeys.rsa2048.publicKey, algorithm: .rsaPSS(.sha256, saltLength: nil)))
    }

    @Test func wrongKeyTypeOrDigestLength() {
        let ecWithRSA = #expect(throws: CryptoError.self) {
            try Signature.sign(Self.message, privateKeyDER: TestKeys.p256.privateKey, algorithm: .rsaPKCS1v15(.sha256))
        }
        #expect(ecWithRSA?.code == .invalidKey)
        let rsaWithECDSA = #expect(throws: CryptoError.self) {
            try Signature.verify(Self.message, signature: [0], publicKeyDER: TestKeys.rsa2048.publicKey, algorithm: .ecdsa(.sha256))
        }
        #expect(rsaWithECDSA?.code == .invalidKey)
        let shortDigest = #expect(throws: CryptoError.self) {
            try Signature.sign(digest: [1, 2, 3], privateKeyDER: TestKeys.p256.privateKey, algorithm: .ecdsa(.sha256))
        }
        #expect(shortDigest?.code == .invalidParameters)
    }
}

@Suite struct RSAEncryptionTests {
    @Test(arguments: [
        RSAEncryption.Padding.oaep(.sha256), .oaep(.sha1), .oaep(.sha256, mgf1: .sha1), .oaep(.sha512), .oaep(.sha384, mgf1: .sha256, label: Array("Kilroy was here".utf8)), .pkcs1v15,
    ])
    func roundTrip(padding: RSAEncryption.Padding) throws {
        let pair = TestKeys.rsa2048
        let message = Array("a 32-byte AES key goes here.....".utf8)
        let ciphertext = try RSAEncryption.encrypt(message, publicKeyDER: pair.publicKey, padding: padding)
        #expect(ciphertext.count == 256)
        #expect(try RSAEncryption.decrypt(ciphertext, privateKeyDER: pair.privateKey, padding: padding) == message)
        // Randomized: two encryptions differ.
        #expect(try RSAEncryption.encrypt(message, publicKeyDER: pair.publicKey, padding: padding) != ciphertext)
    }

    @Test func failures() throws {
        let pair = TestKeys.rsa2048
        var ciphertext = try RSAEncryption.encrypt([1, 2, 3], publicKeyDER: pair.publicKey, padding: .oaep(.sha256))
        let wrongHash = #expect(throws: CryptoError.self) {
            try RSAEncryption.decrypt(ciphertext, privateKeyDER: pair.privateKey, padding: .oaep(.sha1))
        }
        #expect(wrongHash != nil)
        let labelled = try RSAEncryption.encrypt([1, 2, 3], publicKeyDER: pair.publicKey, padding: .oaep(.sha256, label: [7]))
        #expect(throws: CryptoError.self) { try RSAEncryption.decrypt(labelled, privateKeyDER: pair.privateKey, padding: .oaep(.sha256, label: [8])) }
        ciphertext[100] ^= 1
        #expect(throws: CryptoError.self) { try RSAEncryption.decrypt(ciphertext, privateKeyDER: pair.privateKey, padding: .oaep(.sha256)) }
        let tooLong = #expect(throws: CryptoError.self) {
            try RSAEncryption.encrypt([UInt8](repeating: 1, count: 191), publicKeyDER: pair.publicKey, padding: .oaep(.sha256))
        }
        #expect(tooLong?.code == .invalidParameters)
        #expect(try RSAEncryption.encrypt([UInt8](repeating: 1, count: 190), publicKeyDER: pair.publicKey, padding: .oaep(.sha256)).count == 256)
        let ecKey = #expect(throws: CryptoError.self) { try RSAEncryption.encrypt([1], publicKeyDER: TestKeys.p256.publicKey, padding: .pkcs1v15) }
        #expect(ecKey?.code == .invalidKey)
    }
}

@Suite struct ConcurrencyTests {
    /// Many threads at once, as a server would (OpenSSL's error queue is per thread).
    @Test func parallelOperations() async throws {
        let pair = TestKeys.p256
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = [UInt8](repeating: UInt8(index), count: 100)
                    let signature = try Signature.sign(message, privateKeyDER: pair.privateKey, algorithm: .ecdsa(.sha256))
                    let k = try Random.key(32)
                    let iv = try Random.bytes(12)
                    let (ciphertext, tag) = try SymmetricCipher.encrypt(message, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv)
                    let plaintext = try SymmetricCipher.decrypt(ciphertext, key: k, algorithm: .aes, mode: .gcm, padding: .none, iv: iv, tag: tag)
                    return try plaintext == message
                        && Signature.verify(message, signature: signature, publicKeyDER: pair.publicKey, algorithm: .ecdsa(.sha256))
                }
            }
            for try await ok in group { #expect(ok) }
        }
    }
}
