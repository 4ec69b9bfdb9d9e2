import KMIPCrypto
import Testing

/// PKCS#12 containers made and read back (containers with certificates are checked against
/// the `openssl` command in KMIPServerTests).
@Suite struct PKCS12Tests {
    let password = SecretBytes(Array("correct horse".utf8))

    @Test func aKeyComesBackUnderItsPassword() throws {
        let container = try PKCS12.make(privateKey: TestKeys.p256.privateKey, certificates: [], password: password, friendlyName: "alias")
        let contents = try PKCS12.read(container, password: password)
        #expect(contents.privateKey.bytes == TestKeys.p256.privateKey.bytes)
        #expect(contents.certificates.isEmpty)
    }

    @Test func aWrongPasswordOrBadBytesAreRefused() throws {
        let container = try PKCS12.make(privateKey: TestKeys.p256.privateKey, certificates: [], password: password, friendlyName: "alias")
        #expect(throws: CryptoError(.authenticationFailed, "")) { try PKCS12.read(container, password: SecretBytes(Array("wrong".utf8))) }
        #expect(throws: CryptoError(.invalidKey, "")) { try PKCS12.read(Array(container.dropLast()), password: password) }
        #expect(throws: CryptoError(.invalidParameters, "")) { try PKCS12.read(container, password: SecretBytes([0x61, 0, 0x62])) }
        #expect(throws: CryptoError(.invalidParameters, "")) {
            try PKCS12.make(privateKey: TestKeys.p256.privateKey, certificates: [[0x30, 0x00]], password: password, friendlyName: "alias")
        }
    }

    /// A container that asks for more MAC iterations than `maxMACIterations` is refused before
    /// any is run: its DER with the MAC's iteration count (2,048, the last item) made 2^20.
    @Test func tooManyMACIterationsAreRefused() throws {
        var der = try PKCS12.make(privateKey: TestKeys.p256.privateKey, certificates: [], password: password, friendlyName: "alias")
        // PFX ::= SEQUENCE { version INTEGER 3, authSafe ContentInfo, macData MacData }
        try #require(Array(der.prefix(2)) == [0x30, 0x82] && Array(der[4..<7]) == [0x02, 0x01, 0x03] && Array(der[7..<9]) == [0x30, 0x82])
        let macStart = 7 + 4 + (Int(der[9]) << 8 | Int(der[10]))
        try #require(der[macStart] == 0x30 && der[macStart + 1] < 0x80 && Array(der.suffix(4)) == [0x02, 0x02, 0x08, 0x00])
        der.removeLast(4)
        der += [0x02, 0x03, 0x10, 0x00, 0x00]
        der[macStart + 1] += 1
        let total = (Int(der[2]) << 8 | Int(der[3])) + 1
        der[2] = UInt8(total >> 8)
        der[3] = UInt8(total & 0xFF)
        #expect(throws: CryptoError(.invalidKey, "")) { try PKCS12.read(der, password: password) }
        do {
            _ = try PKCS12.read(der, password: password)
        } catch {
            #expect(error.message.contains("MAC iterations"), "\(error)")
        }
    }
}
