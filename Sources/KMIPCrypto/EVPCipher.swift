internal import COpenSSL

/// An OpenSSL cipher run (`EVP_CipherInit_ex2`, `Update`, `Final_ex`) for the block modes and
/// for ChaCha20: over a whole input at once (`run`), or fed in parts.
final class EVPCipher {
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

    private let context: OpaquePointer
    private let setup: Setup
    private let encrypt: Bool
    private var what: String { "\(encrypt ? "encrypting" : "decrypting") with \(setup.name)" }

    /// A context keyed and ready for input (the additional data already given).
    init(_ setup: Setup, encrypt: Bool, key: SecretBytes) throws(CryptoError) {
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("allocating a cipher context") }
        self.context = context
        self.setup = setup
        self.encrypt = encrypt
        let direction: Int32 = encrypt ? 1 : 0
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
    }

    /// Frees the context, which cleanses the key schedule.
    deinit { EVP_CIPHER_CTX_free(context) }

    /// Runs the cipher over `input` at once. With `aead`, `tag` is filled in when encrypting
    /// (as many bytes as it holds) and checked when decrypting: `.authenticationFailed` when it
    /// does not match. The output is cleansed wherever it is discarded.
    static func run(_ setup: Setup, encrypt: Bool, input: [UInt8], key: SecretBytes, tag: inout [UInt8]?) throws(CryptoError) -> [UInt8] {
        let run = try EVPCipher(setup, encrypt: encrypt, key: key)
        var output: [UInt8] = []
        output.reserveCapacity(input.count + setup.slack)
        try run.update(input, into: &output)
        try run.finish(into: &output, tag: &tag)
        return output
    }

    /// Appends what the cipher gives for `input` (a block mode may hold back a partial block).
    func update(_ input: [UInt8], into output: inout [UInt8]) throws(CryptoError) {
        guard !input.isEmpty else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: input.count + setup.slack))
        var written: Int32 = 0
        let updated = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherUpdate(context, buffer.baseAddress! + start, &written, input, Int32(input.count))
        }
        guard updated == 1 else {
            Self.trim(&output, to: start)
            throw .openSSL(what)
        }
        Self.trim(&output, to: start + Int(written))
    }

    /// Appends the last bytes (padding) and, for an AEAD cipher, fills in `tag` when encrypting
    /// or checks it when decrypting. On failure what `output` held from this run is cleansed
    /// and removed.
    func finish(into output: inout [UInt8], tag: inout [UInt8]?) throws(CryptoError) {
        if !encrypt, setup.aead, let expected = tag {
            guard kmip_EVP_CIPHER_CTX_set_aead_tag(context, expected, Int32(expected.count)) == 1 else {
                throw .openSSL("setting the \(setup.name) tag")
            }
        }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: setup.slack))
        var final: Int32 = 0
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + start, &final)
        }
        guard finished == 1 else {
            Self.trim(&output, to: 0)
            if !encrypt, setup.aead {
                _ = drainOpenSSLErrors()
                throw CryptoError(.authenticationFailed, "the \(setup.name) tag does not match (altered data, or the wrong key, IV or additional data)")
            }
            throw .openSSL(what)
        }
        Self.trim(&output, to: start + Int(final))
        if encrypt, setup.aead, let wanted = tag {
            var computed = [UInt8](repeating: 0, count: wanted.count)
            guard kmip_EVP_CIPHER_CTX_get_aead_tag(context, &computed, Int32(computed.count)) == 1 else {
                throw .openSSL("reading the \(setup.name) tag")
            }
            tag = computed
        }
    }

    /// Cuts `output` to `length` bytes in place, cleansing what it drops.
    private static func trim(_ output: inout [UInt8], to length: Int) {
        output.withUnsafeMutableBytes { bytes in
            let tail = UnsafeMutableRawBufferPointer(rebasing: bytes[length...])
            if !tail.isEmpty { OPENSSL_cleanse(tail.baseAddress, tail.count) }
        }
        output.removeSubrange(length...)
    }
}
