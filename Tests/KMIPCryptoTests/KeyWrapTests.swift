import KMIPCrypto
import Testing

@Suite struct KeyWrapTests {
    /// RFC 3394 section 4.1: 128 bits of key data with a 128-bit KEK.
    @Test func rfc3394Section4_1() throws {
        let kek = key("000102030405060708090A0B0C0D0E0F")
        let wrapped = try KeyWrap.wrap(hex("00112233445566778899AABBCCDDEEFF"), kek: kek, padding: false)
        #expect(wrapped == hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"))
        #expect(try KeyWrap.unwrap(wrapped, kek: kek, padding: false).bytes == hex("00112233445566778899AABBCCDDEEFF"))
    }

    /// RFC 5649 section 6: 20 and 7 octets with a 192-bit KEK.
    @Test func rfc5649Section6() throws {
        let kek = key("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8")
        let twenty = hex("c37b7e6492584340bed12207808941155068f738")
        let wrapped20 = try KeyWrap.wrap(twenty, kek: kek, padding: true)
        #expect(wrapped20 == hex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"))
        #expect(try KeyWrap.unwrap(wrapped20, kek: kek, padding: true).bytes == twenty)

        let seven = hex("466f7250617369")
        let wrapped7 = try KeyWrap.wrap(SecretBytes(seven), kek: kek, padding: true)
        #expect(wrapped7 == hex("afbeb0f07dfbf5419200f2ccb50bb24f"))
        #expect(try KeyWrap.unwrap(wrapped7, kek: kek, padding: true).bytes == seven)
    }

    @Test func tamperedOrWrongKEKFails() throws {
        let kek = try Random.key(32)
        var wrapped = try KeyWrap.wrap(try Random.key(32), kek: kek, padding: false)
        let wrongKEK = #expect(throws: CryptoError.self) { try KeyWrap.unwrap(wrapped, kek: try Random.key(32), padding: false) }
        #expect(wrongKEK?.code == .authenticationFailed)
        wrapped[9] ^= 1
        let tampered = #expect(throws: CryptoError.self) { try KeyWrap.unwrap(wrapped, kek: kek, padding: false) }
        #expect(tampered?.code == .authenticationFailed)
        let padded = #expect(throws: CryptoError.self) {
            try KeyWrap.unwrap(try KeyWrap.wrap([1, 2, 3], kek: kek, padding: true), kek: try Random.key(32), padding: true)
        }
        #expect(padded?.code == .authenticationFailed)
    }

    @Test func badLengths() {
        let kw = #expect(throws: CryptoError.self) { try KeyWrap.wrap([1, 2, 3], kek: SecretBytes([UInt8](repeating: 0, count: 16)), padding: false) }
        #expect(kw?.code == .invalidParameters)
        let kek = #expect(throws: CryptoError.self) { try KeyWrap.wrap([UInt8](repeating: 0, count: 16), kek: SecretBytes([1, 2]), padding: false) }
        #expect(kek?.code == .invalidParameters)
    }
}
