internal import COpenSSL

/// A validated cipher choice, and the one-shot `EVP_CipherInit_ex2`/`Update`/`Final_ex` run.
struct CipherSpec {
    let algorithm: SymmetricCipher.Algorithm
    let mode: SymmetricCipher.Mode
    let cipher: OpaquePointer
    let pad: Bool
    let iv: [UInt8]?
    let additionalData: [UInt8]

    var name: String { Self.name(algorithm, mode) }

    static func name(_ algorithm: SymmetricCipher.Algorithm, _ mode: SymmetricCipher.Mode) -> String {
        "\(algorithm == .aes ? "AES" : "3DES")-\(mode.rawValue.uppercased())"
    }

    init(
        algorithm: SymmetricCipher.Algorithm, mode: SymmetricCipher.Mode, padding: SymmetricCipher.Padding,
        key: SecretBytes, iv: [UInt8]?, additionalData: [UInt8]?
    ) throws(CryptoError) {
        self.algorithm = algorithm
        self.mode = mode
        let name = Self.name(algorithm, mode)
        let keyLengths = SymmetricCipher.keyLengths(algorithm: algorithm, mode: mode)
        guard !keyLengths.isEmpty else { throw .unsupported("\(name) is not supported") }
        guard keyLengths.contains(key.count) else {
            let allowed = keyLengths.map(String.init).joined(separator: ", ")
            throw .invalidParameters("\(name) takes a key of \(allowed) bytes, not \(key.count)")
        }
        guard let cipher = Self.cipher(algorithm: algorithm, mode: mode, keyLength: key.count) else {
            throw .unsupported("\(name) with a \(key.count * 8)-bit key is not available")
        }
        self.cipher = cipher

        switch (mode, SymmetricCipher.ivLength(algorithm: algorithm, mode: mode)) {
        case (.ecb, _):
            guard iv == nil || iv!.isEmpty else { throw .invalidParameters("ECB takes no IV") }
            self.iv = nil
        case (.gcm, _):
            guard let iv, !iv.isEmpty else { throw .invalidParameters("GCM needs an IV (nonce), 12 bytes recommended") }
            guard iv.count <= 1024 else { throw .invalidParameters("a GCM IV of \(iv.count) bytes is too long") }
            self.iv = iv
        case (_, let length?):
            guard let iv else { throw .invalidParameters("\(name) needs a \(length)-byte IV") }
            guard iv.count == length else { throw .invalidParameters("\(name) takes a \(length)-byte IV, not \(iv.count)") }
            self.iv = iv
        case (_, nil):
            throw .unsupported("\(name) is not supported")
        }

        if mode == .gcm {
            self.additionalData = additionalData ?? []
        } else {
            guard additionalData == nil || additionalData!.isEmpty else {
                throw .invalidParameters("only GCM takes additional authenticated data")
            }
            self.additionalData = []
        }
        pad = padding == .pkcs5 && (mode == .ecb || mode == .cbc)
    }

    /// Rejects data lengths the mode cannot take.
    func checkDataLength(_ count: Int, encrypting: Bool) throws(CryptoError) {
        let block = SymmetricCipher.blockSize(algorithm: algorithm)
        switch mode {
        case .ecb, .cbc:
            if (!pad || !encrypting), count % block != 0 {
                throw .invalidParameters("\(name) \(pad ? "ciphertext" : "without padding") must be whole \(block)-byte blocks, not \(count) bytes")
            }
            if pad, !encrypting, count == 0 { throw .invalidParameters("padded \(name) ciphertext cannot be empty") }
        case .xts:
            if count < 16 { throw .invalidParameters("XTS needs at least 16 bytes of data, not \(count)") }
        case .ctr, .gcm:
            break
        }
        _ = try int32Length(count, "the data")
    }

    /// Runs the cipher over `input`. For GCM, `tag` is filled in when encrypting and checked when decrypting.
    func run(encrypt: Bool, input: [UInt8], key: SecretBytes, tag: inout [UInt8]?) throws(CryptoError) -> [UInt8] {
        let direction: Int32 = encrypt ? 1 : 0
        let what = "\(encrypt ? "encrypting" : "decrypting") with \(name)"
        ERR_clear_error()
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSL("allocating a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        guard EVP_CipherInit_ex2(context, cipher, nil, nil, direction, nil) == 1 else { throw .openSSL(what) }
        if mode == .gcm, let iv, iv.count != 12 {
            guard kmip_EVP_CIPHER_CTX_set_aead_ivlen(context, Int32(iv.count)) == 1 else {
                throw .openSSL("setting a \(iv.count)-byte GCM IV")
            }
        }
        let keyed = key.withUnsafeBytes { keyBytes in
            withOptionalBytes(iv) { ivPointer in
                EVP_CipherInit_ex2(context, nil, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), ivPointer, direction, nil)
            }
        }
        guard keyed == 1 else { throw .openSSL("setting the key and IV for \(name)", code: .invalidKey) }
        guard EVP_CIPHER_CTX_set_padding(context, pad ? 1 : 0) == 1 else { throw .openSSL(what) }

        if !additionalData.isEmpty {
            var ignored: Int32 = 0
            guard EVP_CipherUpdate(context, nil, &ignored, additionalData, Int32(additionalData.count)) == 1 else {
                throw .openSSL("adding GCM additional data")
            }
        }
        var output = [UInt8](repeating: 0, count: input.count + 2 * SymmetricCipher.blockSize(algorithm: algorithm))
        var written: Int32 = 0
        if !input.isEmpty {
            guard EVP_CipherUpdate(context, &output, &written, input, Int32(input.count)) == 1 else { throw .openSSL(what) }
        }
        if !encrypt, mode == .gcm, let expected = tag {
            guard kmip_EVP_CIPHER_CTX_set_aead_tag(context, expected, Int32(expected.count)) == 1 else {
                throw .openSSL("setting the GCM tag")
            }
        }
        var final: Int32 = 0
        let finished = output.withUnsafeMutableBufferPointer { buffer in
            EVP_CipherFinal_ex(context, buffer.baseAddress! + Int(written), &final)
        }
        guard finished == 1 else {
            if !encrypt, mode == .gcm {
                _ = drainOpenSSLErrors()
                OPENSSL_cleanse(&output, output.count)
                throw CryptoError(.authenticationFailed, "the GCM tag does not match (altered data, or the wrong key, IV or additional data)")
            }
            OPENSSL_cleanse(&output, output.count)
            throw .openSSL(what)
        }
        if encrypt, mode == .gcm, tag != nil {
            var computed = [UInt8](repeating: 0, count: tag!.count)
            guard kmip_EVP_CIPHER_CTX_get_aead_tag(context, &computed, Int32(computed.count)) == 1 else {
                throw .openSSL("reading the GCM tag")
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

    /// The OpenSSL cipher (static; never freed).
    static func cipher(algorithm: SymmetricCipher.Algorithm, mode: SymmetricCipher.Mode, keyLength: Int) -> OpaquePointer? {
        switch (algorithm, mode, keyLength) {
        case (.aes, .ecb, 16): EVP_aes_128_ecb()
        case (.aes, .ecb, 24): EVP_aes_192_ecb()
        case (.aes, .ecb, 32): EVP_aes_256_ecb()
        case (.aes, .cbc, 16): EVP_aes_128_cbc()
        case (.aes, .cbc, 24): EVP_aes_192_cbc()
        case (.aes, .cbc, 32): EVP_aes_256_cbc()
        case (.aes, .ctr, 16): EVP_aes_128_ctr()
        case (.aes, .ctr, 24): EVP_aes_192_ctr()
        case (.aes, .ctr, 32): EVP_aes_256_ctr()
        case (.aes, .gcm, 16): EVP_aes_128_gcm()
        case (.aes, .gcm, 24): EVP_aes_192_gcm()
        case (.aes, .gcm, 32): EVP_aes_256_gcm()
        case (.aes, .xts, 32): EVP_aes_128_xts()
        case (.aes, .xts, 64): EVP_aes_256_xts()
        case (.tripleDES, .ecb, 16): EVP_des_ede_ecb()
        case (.tripleDES, .ecb, 24): EVP_des_ede3_ecb()
        case (.tripleDES, .cbc, 16): EVP_des_ede_cbc()
        case (.tripleDES, .cbc, 24): EVP_des_ede3_cbc()
        default: nil
        }
    }
}
