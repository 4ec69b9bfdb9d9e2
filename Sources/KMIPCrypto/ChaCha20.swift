internal import COpenSSL

/// The ChaCha20 stream cipher and the ChaCha20-Poly1305 AEAD (RFC 8439), through OpenSSL's EVP.
public enum ChaCha20 {
    /// Encrypts or decrypts (the same operation) `data` under a 32-byte key. The nonce is 8
    /// bytes (the original 64-bit-nonce ChaCha20, counter from 0), 12 bytes (RFC 8439, counter
    /// from 0) or 16 bytes (a 4-byte little-endian counter, then the 12-byte nonce, as OpenSSL
    /// takes it).
    public static func crypt(_ data: [UInt8], key: SecretBytes, nonce: [UInt8]) throws(CryptoError) -> [UInt8] {
        let iv: [UInt8]
        switch nonce.count {
        case 8: iv = [UInt8](repeating: 0, count: 8) + nonce
        case 12: iv = [UInt8](repeating: 0, count: 4) + nonce
        case 16: iv = nonce
        default: throw .invalidParameters("a ChaCha20 nonce is 8, 12 or 16 bytes, not \(nonce.count)")
        }
        var tag: [UInt8]?
        return try run(EVP_chacha20(), encrypt: true, data: data, key: key, iv: iv, additionalData: [], tag: &tag)
    }

    /// The tag lengths accepted, in bytes (16 is the full Poly1305 tag; shorter ones are truncations).
    public static let tagLengths = 4...16

    /// ChaCha20-Poly1305 encryption with a 12-byte nonce; returns the ciphertext and the tag,
    /// `tagLength` bytes of it.
    public static func seal(_ plaintext: [UInt8], key: SecretBytes, nonce: [UInt8], additionalData: [UInt8] = [], tagLength: Int = 16) throws(CryptoError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        guard nonce.count == 12 else { throw .invalidParameters("a ChaCha20-Poly1305 nonce is 12 bytes, not \(nonce.count)") }
        guard tagLengths.contains(tagLength) else { throw .invalidParameters("a ChaCha20-Poly1305 tag is 4 to 16 bytes, not \(tagLength)") }
        var tag: [UInt8]? = [UInt8](repeating: 0, count: tagLength)
        let ciphertext = try run(EVP_chacha20_poly1305(), encrypt: true, data: plaintext, key: key, iv: nonce, additionalData: additionalData, tag: &tag)
        return (ciphertext, tag ?? [])
    }

    /// ChaCha20-Poly1305 decryption; `.authenticationFailed` when the tag does not match.
    public static func open(_ ciphertext: [UInt8], key: SecretBytes, nonce: [UInt8], additionalData: [UInt8] = [], tag: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard nonce.count == 12 else { throw .invalidParameters("a ChaCha20-Poly1305 nonce is 12 bytes, not \(nonce.count)") }
        guard tagLengths.contains(tag.count) else { throw .invalidParameters("a ChaCha20-Poly1305 tag is 4 to 16 bytes, not \(tag.count)") }
        var expected: [UInt8]? = tag
        return try run(EVP_chacha20_poly1305(), encrypt: false, data: ciphertext, key: key, iv: nonce, additionalData: additionalData, tag: &expected)
    }

    private static func run(_ cipher: OpaquePointer?, encrypt: Bool, data: [UInt8], key: SecretBytes, iv: [UInt8], additionalData: [UInt8], tag: inout [UInt8]?) throws(CryptoError) -> [UInt8] {
        guard key.count == 32 else { throw .invalidParameters("ChaCha20 takes a 32-byte key, not \(key.count)") }
        _ = try int32Length(data.count, "the data")
        guard let cipher else { throw .openSSL("fetching ChaCha20") }
        let aead = tag != nil
        let setup = EVPCipher.Setup(cipher: cipher, name: aead ? "ChaCha20-Poly1305" : "ChaCha20", iv: iv, setsIVLength: false, pad: false,
                                    aead: aead, additionalData: additionalData, slack: 16)
        return try EVPCipher.run(setup, encrypt: encrypt, input: data, key: key, tag: &tag)
    }
}
