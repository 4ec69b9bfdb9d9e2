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
}
