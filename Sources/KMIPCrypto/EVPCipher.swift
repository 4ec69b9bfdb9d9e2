internal import COpenSSL

/// One run of an OpenSSL cipher over a whole input (`EVP_CipherInit_ex2`, `Update`,
/// `Final_ex`), for the block modes and for ChaCha20.
enum EVPCipher {
    /// What a run needs besides the key and the input.
    struct Setup {
        let cipher: OpaquePointer
        /// For messages: "AES-GCM", "ChaCha20-Poly1305".
        let name: String
        let iv: [UInt8]?
        /// Whether the IV length must be set first (a GCM IV that is not 12 bytes).
        let setsIVLength: Bool
        let pad: Bool
        /// Whether the cipher authenticates (GCM, Poly1305): it takes additional data and a tag.
        let aead: Bool
        let additionalData: [UInt8]
        /// Output room beyond the input's length (padding, a block).
        let slack: Int
    }

    /// Runs the cipher over `input`. With `aead`, `tag` is filled in when encrypting (as many
    /// bytes as it holds) and checked when decrypting: `.authenticationFailed` when it does not
    /// match. The output is cleansed wherever it is discarded.
    static func run(_ setup: Setup, encrypt: Bool, input: [UInt8], key: SecretBytes, tag: inout [UInt8]?) throws(CryptoError) -> [UInt8] {
        let direction: Int32 = encrypt ? 1 : 0
        let what = "\(encrypt ? "encrypting" : "decrypting") with \(setup.name)"
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("allocating a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex2(context, setup.cipher, nil, nil, direction, nil) == 1 else { throw .openSSL(what) }
        if setup.setsIVLength, let iv = setup.iv {
            guard kmip_EVP_CIPHER_CTX_set_aead_ivlen(context, Int32(iv.count)) == 1 else {
                throw .openSSL("setting a \(iv.count)-byte \(setup.name) IV")
            }
        }
        let keyed = key.withUnsafeBytes { keyBytes in
            withOptionalBytes(setup.iv) { ivPointer in
                EVP_CipherInit_ex2(context, nil, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), ivPointer, direction, nil)
            }
        }
        guard keyed == 1 else { throw .openSSL("setting the key and IV for \(setup.name)", code: .invalidKey) }
        guard EVP_CIPHER_CTX_set_padding(context, setup.pad ? 1 : 0) == 1 else { throw .openSSL(what) }

        if !setup.additionalData.isEmpty {
            var ignored: Int32 = 0
            guard EVP_CipherUpdate(context, nil, &ignored, setup.additionalData, Int32(setup.additionalData.count)) == 1 else {
                throw .openSSL("adding \(setup.name) additional data")
            }
        }
        var output = [UInt8](repeating: 0, count: input.count + setup.slack)
        var written: Int32 = 0
        if !input.isEmpty {
            guard EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1 else { throw .openSSL(what) }
        }
        if !encrypt, setup.aead, let expected = tag {
            guard kmip_EVP_CIPHER_CTX_set_aead_tag(context, expected, Int32(expected.count)) == 1 else {
                throw .openSSL("setting the \(setup.name) tag")
            }
        }
        var final: Int32 = 0
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        guard finished == 1 else {
            OPENSSL_cleanse(&output, output.count)
            if !encrypt, setup.aead {
                _ = drainOpenSSLErrors()
                throw CryptoError(.authenticationFailed, "the \(setup.name) tag does not match (altered data, or the wrong key, IV or additional data)")
            }
            throw .openSSL(what)
        }
        if encrypt, setup.aead, let wanted = tag {
            var computed = [UInt8](repeating: 0, count: wanted.count)
            guard kmip_EVP_CIPHER_CTX_get_aead_tag(context, &computed, Int32(computed.count)) == 1 else {
                throw .openSSL("reading the \(setup.name) tag")
            }
            tag = computed
        }
        let length = Int(written + final)
        // Shrink in place; no copy of the output is left behind.
        output.withUnsafeMutableBytes { bytes in
            let tail = UnsafeMutableRawBufferPointer(rebasing: bytes[length...])
            if !tail.isEmpty { OPENSSL_cleanse(tail.baseAddress, tail.count) }
        }
        output.removeSubrange(length...)
        return output
    }
}
