import Foundation
import KMIPCrypto
import KMIPTestSupport
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

    /// A container that asks for more MAC iterations than `maxIterations` is refused before
    /// any is run: its DER with the MAC's iteration count (2,048, the last item) made 2^20.
    @Test func tooManyMACIterationsAreRefused() throws {
        var der = try PKCS12.make(privateKey: TestKeys.p256.privateKey, certificates: [], password: password, friendlyName: "alias")
        let macStart = try macDataOffset(der)
        try #require(der[macStart + 1] < 0x80 && Array(der.suffix(4)) == [0x02, 0x02, 0x08, 0x00])
        der.removeLast(4)
        der += [0x02, 0x03, 0x10, 0x00, 0x00]
        der[macStart + 1] += 1
        try setPFXLength(&der)
        try expectTooManyIterations(der, maxIterations: PKCS12.maxIterations)
    }

    /// The encryptions are held to the limit as well: containers the `openssl` command made
    /// with 4,096 PBKDF2 iterations for the shrouded key bag (certificate in the clear) or for
    /// the certificate's encrypted safe (key in the clear), and one for the MAC.
    @Test func tooManyEncryptionIterationsAreRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pkcs12-limits-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try OpenSSLCommand.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "key.pem", "-subj", "/CN=limits", "-days", "2", "-out", "cert.pem"], in: directory)
        for (name, clear) in [("shrouded-key.p12", "-certpbe"), ("encrypted-safe.p12", "-keypbe")] {
            try OpenSSLCommand.run(["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-passout", "pass:correct horse",
                                    "-iter", "4096", "-nomaciter", clear, "NONE", "-out", name], in: directory)
            let der = Array(try Data(contentsOf: directory.appendingPathComponent(name)))
            let contents = try PKCS12.read(der, password: password, maxIterations: 4_096)
            #expect(contents.certificates.count == 1, "\(name)")
            try expectTooManyIterations(der, maxIterations: 4_095)
        }
    }

    private func expectTooManyIterations(_ der: [UInt8], maxIterations: Int64) throws {
        let error = #expect(throws: CryptoError(.invalidKey, "")) { try PKCS12.read(der, password: password, maxIterations: maxIterations) }
        #expect(error?.message.contains("more than \(maxIterations) key-derivation iterations") == true, "\(String(describing: error))")
    }

    /// Where the MAC data starts in a PFX of OpenSSL's: SEQUENCE { version INTEGER 3,
    /// authSafe ContentInfo, macData MacData }, the first two with two-byte lengths.
    private func macDataOffset(_ der: [UInt8]) throws -> Int {
        try #require(Array(der.prefix(2)) == [0x30, 0x82] && Array(der[4..<7]) == [0x02, 0x01, 0x03] && Array(der[7..<9]) == [0x30, 0x82])
        let start = 7 + 4 + (Int(der[9]) << 8 | Int(der[10]))
        try #require(der[start] == 0x30)
        return start
    }

    /// Sets the PFX's two-byte length to what follows it.
    private func setPFXLength(_ der: inout [UInt8]) throws {
        let total = der.count - 4
        try #require(total < 0x10000)
        der[2] = UInt8(total >> 8)
        der[3] = UInt8(total & 0xFF)
    }
}
