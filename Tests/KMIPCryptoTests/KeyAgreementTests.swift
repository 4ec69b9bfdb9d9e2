import KMIPCrypto
import Testing

@Suite struct KeyAgreementTests {
    /// RFC 5903 section 8.1 (ECDH on P-256): the initiator's secret i with the responder's
    /// public point gives g^ir's x-coordinate.
    @Test func ecdhGivesTheRFC5903Answer() throws {
        let initiator = try AsymmetricKeys.ecPrivateKey(curve: .p256, d: SecretBytes(hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433")))
        let responder = try AsymmetricKeys.ecPublicKey(curve: .p256, q: [0x04]
            + hex("D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63")
            + hex("56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB"))
        let secret = try KeyAgreement.ecdh(privateKeyDER: initiator, peerPublicKeyDER: responder)
        #expect(secret.bytes == hex("D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"))
    }

    /// Both sides agree, on each curve; keys on two curves, or an RSA key, do not.
    @Test(arguments: AsymmetricKeys.Curve.allCases)
    func bothSidesAgree(curve: AsymmetricKeys.Curve) throws {
        let alice = try AsymmetricKeys.generateEC(curve: curve), bob = try AsymmetricKeys.generateEC(curve: curve)
        let secret = try KeyAgreement.ecdh(privateKeyDER: alice.privateKey, peerPublicKeyDER: bob.publicKey)
        #expect(secret.count == (curve.bits + 7) / 8)
        #expect(try KeyAgreement.ecdh(privateKeyDER: bob.privateKey, peerPublicKeyDER: alice.publicKey) == secret)
        let other = try AsymmetricKeys.generateEC(curve: curve == .p256 ? .p384 : .p256)
        #expect(throws: CryptoError.self) { try KeyAgreement.ecdh(privateKeyDER: alice.privateKey, peerPublicKeyDER: other.publicKey) }
    }

    @Test func rsaKeysAreRefused() throws {
        let rsa = try AsymmetricKeys.generateRSA(bits: 2048)
        let ec = try AsymmetricKeys.generateEC(curve: .p256)
        #expect(throws: CryptoError.self) { try KeyAgreement.ecdh(privateKeyDER: rsa.privateKey, peerPublicKeyDER: ec.publicKey) }
    }
}
