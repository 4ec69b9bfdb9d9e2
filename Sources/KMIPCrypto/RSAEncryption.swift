internal import COpenSSL

/// RSA encryption: RSAES-OAEP and RSAES-PKCS1-v1_5 (`EVP_PKEY_encrypt`/`EVP_PKEY_decrypt`).
public enum RSAEncryption {
    /// The encryption scheme.
    public enum Padding: Sendable, Hashable {
        /// OAEP with this hash, MGF1 on `mgf1` (the same hash when `nil`), and `label` (KMIP's
        /// P Source; empty by default).
        case oaep(Digest.Algorithm, mgf1: Digest.Algorithm? = nil, label: [UInt8] = [])
        /// PKCS#1 v1.5 (legacy).
        case pkcs1v15

        /// The longest plaintext for a modulus of `modulusBytes`.
        func maximumPlaintext(modulusBytes: Int) -> Int {
            switch self {
            case .oaep(let digest, _, _): modulusBytes - 2 * digest.outputLength - 2
            case .pkcs1v15: modulusBytes - 11
            }
        }
    }

    /// Encrypts `plaintext` to an RSA public key (SubjectPublicKeyInfo or PKCS#1 DER).
    ///
    /// - Throws: `.invalidParameters` when the plaintext is too long for the key and padding.
    public static func encrypt(_ plaintext: [UInt8], publicKeyDER: [UInt8], padding: Padding) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPublic(publicKeyDER)
        defer { EVP_PKEY_free(key) }
        guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "RSA encryption needs an RSA key") }
        let maximum = padding.maximumPlaintext(modulusBytes: Int(EVP_PKEY_get_size(key)))
        guard plaintext.count <= maximum else {
            throw .invalidParameters("this key and padding encrypt at most \(max(maximum, 0)) bytes, not \(plaintext.count)")
        }
        let context = try makeContext(key, padding, encrypting: true)
        defer { EVP_PKEY_CTX_free(context) }
        var length = 0
        guard EVP_PKEY_encrypt(context, nil, &length, plaintext, plaintext.count) == 1 else { throw .openSSL("RSA encryption") }
        var ciphertext = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_encrypt(context, &ciphertext, &length, plaintext, plaintext.count) == 1 else {
            throw .openSSL("RSA encryption")
        }
        ciphertext.removeSubrange(length...)
        return ciphertext
    }

    /// Decrypts `ciphertext` with an RSA private key (PKCS#8 or PKCS#1 DER).
    ///
    /// - Throws: `.openSSL` when decryption fails (wrong key or padding, altered ciphertext).
    public static func decrypt(_ ciphertext: [UInt8], privateKeyDER: SecretBytes, padding: Padding) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        guard KeyDER.isRSA(key) else { throw CryptoError(.invalidKey, "RSA decryption needs an RSA key") }
        let context = try makeContext(key, padding, encrypting: false)
        defer { EVP_PKEY_CTX_free(context) }
        var length = 0
        guard EVP_PKEY_decrypt(context, nil, &length, ciphertext, ciphertext.count) == 1 else { throw .openSSL("RSA decryption") }
        var plaintext = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_decrypt(context, &plaintext, &length, ciphertext, ciphertext.count) == 1 else {
            OPENSSL_cleanse(&plaintext, plaintext.count)
            throw .openSSL("RSA decryption (wrong key or padding, or altered ciphertext)")
        }
        plaintext.withUnsafeMutableBytes { bytes in
            let tail = UnsafeMutableRawBufferPointer(rebasing: bytes[length...])
            if !tail.isEmpty { OPENSSL_cleanse(tail.baseAddress, tail.count) }
        }
        plaintext.removeSubrange(length...)
        return plaintext
    }

    private static func makeContext(_ key: OpaquePointer, _ padding: Padding, encrypting: Bool) throws(CryptoError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .openSSL("allocating a key context") }
        var ok = (encrypting ? EVP_PKEY_encrypt_init(context) : EVP_PKEY_decrypt_init(context)) == 1
        switch padding {
        case .pkcs1v15:
            ok = ok && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_PADDING) == 1
        case .oaep(let digest, let mgf1, let label):
            let md = digest.md
            let mgf1MD = (mgf1 ?? digest).md
            ok = ok && md != nil && mgf1MD != nil
                && EVP_PKEY_CTX_set_rsa_padding(context, RSA_PKCS1_OAEP_PADDING) == 1
                && EVP_PKEY_CTX_set_rsa_oaep_md(context, md) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(context, mgf1MD) == 1
            if ok, !label.isEmpty {
                // The context takes ownership of an OpenSSL-allocated copy.
                let copy = label.withUnsafeBytes { CRYPTO_memdup($0.baseAddress, $0.count, nil, 0) }
                ok = copy != nil && EVP_PKEY_CTX_set0_rsa_oaep_label(context, copy, Int32(label.count)) == 1
                if !ok { CRYPTO_free(copy, nil, 0) }
            }
        }
        guard ok else {
            EVP_PKEY_CTX_free(context)
            throw .openSSL("setting up RSA \(padding)", code: .invalidParameters)
        }
        return context
    }
}
