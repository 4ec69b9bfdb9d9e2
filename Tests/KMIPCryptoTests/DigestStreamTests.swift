import KMIPCrypto
import Testing

@Suite struct DigestStreamTests {
    let data = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    /// Feeds `data` in parts cut at `cuts`.
    func feed(_ stream: DigestStream, cuts: [Int]) throws -> DigestStream {
        var start = 0
        for end in cuts + [data.count] {
            try stream.update(Array(data[start..<end]))
            start = end
        }
        return stream
    }

    @Test func partsGiveTheOneShotResult() throws {
        let key = SecretBytes((0..<32).map { UInt8($0) })
        for cuts in [[], [0], [1, 2, 3], [100], [199]] {
            #expect(try feed(.hash(.sha256), cuts: cuts).finish() == Digest.hash(data, algorithm: .sha256))
            #expect(try feed(.hmac(key: key, digest: .sha384), cuts: cuts).finish() == HMAC.authenticate(data, key: key, digest: .sha384))
            #expect(try feed(.cmac(key: key, cipher: .aes), cuts: cuts).finish() == CMAC.authenticate(data, key: key, cipher: .aes))
            let mac = try HMAC.authenticate(data, key: key, digest: .sha256)
            #expect(try feed(.hmac(key: key, digest: .sha256), cuts: cuts).finish(verifying: mac))
            #expect(try !feed(.hmac(key: key, digest: .sha256), cuts: cuts).finish(verifying: Array(mac.dropLast())))
        }
    }

    @Test func signaturesInPartsVerifyAtOnceAndTheOtherWayRound() throws {
        let pair = try AsymmetricKeys.generateEC(curve: .p256)
        let algorithm = SignatureAlgorithm.ecdsa(.sha256)
        let streamed = try feed(.signing(privateKeyDER: pair.privateKey, algorithm: algorithm), cuts: [50, 150]).finish()
        #expect(try Signature.verify(data, signature: streamed, publicKeyDER: pair.publicKey, algorithm: algorithm))
        let oneShot = try Signature.sign(data, privateKeyDER: pair.privateKey, algorithm: algorithm)
        #expect(try feed(.verifying(publicKeyDER: pair.publicKey, algorithm: algorithm), cuts: [10]).finish(verifying: oneShot))
        #expect(try !feed(.verifying(publicKeyDER: pair.publicKey, algorithm: algorithm), cuts: [10]).finish(verifying: Array(oneShot.dropLast())))
    }

    @Test func aFinishedStreamAndMisusedOnesAreRefused() throws {
        let stream = try DigestStream.hash(.sha1)
        _ = try stream.finish()
        #expect(throws: CryptoError.self) { try stream.update([1]) }
        #expect(throws: CryptoError.self) { _ = try stream.finish() }
        #expect(throws: CryptoError.self) { _ = try DigestStream.hash(.sha256).finish(verifying: [1]) }
        let pair = try AsymmetricKeys.generateEC(curve: .p256)
        #expect(throws: CryptoError.self) { _ = try DigestStream.verifying(publicKeyDER: pair.publicKey, algorithm: .ecdsa(.sha256)).finish() }
        #expect(throws: CryptoError.self) { _ = try DigestStream.signing(privateKeyDER: pair.privateKey, algorithm: .rsaPKCS1v15(.sha256)) }
    }
}

@Suite struct UnnamedDigestTests {
    /// A digest signed as it is (no hash named): RSA PKCS#1 v1.5 without a DigestInfo, ECDSA over
    /// the bytes; the check fails for other bytes.
    @Test func digestsSignAsTheyAre() throws {
        let digest = (1...16).map { UInt8($0) }
        for pair in [try AsymmetricKeys.generateRSA(bits: 2048), try AsymmetricKeys.generateEC(curve: .p256)] {
            let signature = try Signature.sign(unnamedDigest: digest, privateKeyDER: pair.privateKey)
            #expect(try Signature.verify(unnamedDigest: digest, signature: signature, publicKeyDER: pair.publicKey))
            #expect(try !Signature.verify(unnamedDigest: digest.reversed(), signature: signature, publicKeyDER: pair.publicKey))
        }
    }
}
