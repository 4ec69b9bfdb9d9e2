import KMIPCrypto
import Testing

@Suite struct SymmetricCipherStreamTests {
    /// Feeds `data` to a stream in parts cut at `cuts`; returns everything it gave and the tag.
    func streamed(
        _ data: [UInt8], cuts: [Int], encrypting: Bool, mode: SymmetricCipher.Mode, padding: SymmetricCipher.Padding = .none,
        key k: SecretBytes, iv: [UInt8]?, additionalData: [UInt8]? = nil, tag: [UInt8]? = nil
    ) throws -> ([UInt8], [UInt8]?) {
        let stream = try SymmetricCipherStream(encrypting: encrypting, key: k, algorithm: .aes, mode: mode, padding: padding, iv: iv, additionalData: additionalData)
        var output: [UInt8] = []
        var start = 0
        for end in cuts + [data.count] {
            output += try stream.update(Array(data[start..<end]))
            start = end
        }
        let (last, made) = try stream.finish(tag: tag)
        return (output + last, made)
    }

    /// Any way of cutting the data gives the one-shot result, in every mode that streams.
    @Test func partsGiveTheOneShotResult() throws {
        let k = key("2b7e151628aed2a6abf7158809cf4f3c")
        let data = (0..<100).map { UInt8($0) }
        for cuts in [[], [1], [15, 16, 17], [50], [99]] {
            for (mode, padding) in [(SymmetricCipher.Mode.cbc, SymmetricCipher.Padding.pkcs5), (.ecb, .pkcs5), (.ctr, .none), (.gcm, .none)] {
                let iv: [UInt8]? = mode == .ecb ? nil : [UInt8](repeating: 7, count: mode == .gcm ? 12 : 16)
                let aad: [UInt8]? = mode == .gcm ? [1, 2, 3] : nil
                let (oneShot, oneShotTag) = try SymmetricCipher.encrypt(data, key: k, algorithm: .aes, mode: mode, padding: padding, iv: iv, additionalData: aad)
                let (ciphertext, tag) = try streamed(data, cuts: cuts, encrypting: true, mode: mode, padding: padding, key: k, iv: iv, additionalData: aad)
                #expect(ciphertext == oneShot, "\(mode) \(cuts)")
                #expect(tag == oneShotTag, "\(mode) \(cuts)")
                let back = try streamed(ciphertext, cuts: cuts.filter { $0 < ciphertext.count }, encrypting: false, mode: mode, padding: padding,
                                        key: k, iv: iv, additionalData: aad, tag: tag)
                #expect(back.0 == data, "\(mode) \(cuts)")
            }
        }
    }

    /// GCM test case 4 of the GCM specification in two parts (as CS-BC-M-GCM-3 sends it, with
    /// its 8-byte IV giving test case 5).
    @Test func gcmInTwoPartsGivesTheKnownAnswer() throws {
        let plaintext = hex("""
            d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39
            """)
        let (ciphertext, tag) = try streamed(plaintext, cuts: [32], encrypting: true, mode: .gcm, key: key("feffe9928665731c6d6a8f9467308308"),
                                             iv: hex("cafebabefacedbad"), additionalData: hex("feedfacedeadbeeffeedfacedeadbeefabaddad2"))
        #expect(ciphertext == hex("""
            61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c7423
            73806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598
            """))
        #expect(tag == hex("3612d2e79e3b0785561be14aaca2fccb"))
    }

    @Test func wrongTagsUnalignedDataAndXTSAreRefused() throws {
        let k = key("2b7e151628aed2a6abf7158809cf4f3c")
        let iv = [UInt8](repeating: 0, count: 12)
        let (ciphertext, _) = try streamed([1, 2, 3], cuts: [], encrypting: true, mode: .gcm, key: k, iv: iv)
        let error = #expect(throws: CryptoError.self) {
            _ = try streamed(ciphertext, cuts: [1], encrypting: false, mode: .gcm, key: k, iv: iv, tag: [UInt8](repeating: 0, count: 16))
        }
        #expect(error?.code == .authenticationFailed)
        #expect(throws: CryptoError.self) {
            _ = try streamed([UInt8](repeating: 0, count: 20), cuts: [16], encrypting: true, mode: .cbc, key: k, iv: [UInt8](repeating: 0, count: 16))
        }
        #expect(throws: CryptoError.self) {
            _ = try SymmetricCipherStream(encrypting: true, key: key(String(repeating: "ab", count: 32)), algorithm: .aes, mode: .xts, padding: .none,
                                          iv: [UInt8](repeating: 0, count: 16))
        }
        let stream = try SymmetricCipherStream(encrypting: true, key: k, algorithm: .aes, mode: .ctr, padding: .none, iv: [UInt8](repeating: 0, count: 16))
        _ = try stream.finish()
        #expect(throws: CryptoError.self) { _ = try stream.update([1]) }
    }
}
