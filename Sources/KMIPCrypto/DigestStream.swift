internal import COpenSSL

/// A hash, MAC or signature over data fed in parts (KMIP's multi-part Hash, MAC, MAC Verify,
/// Sign and Signature Verify), through OpenSSL's `EVP_DigestUpdate`, `EVP_MAC_update` and
/// `EVP_DigestSignUpdate`/`EVP_DigestVerifyUpdate`. The one-shot `HMAC`, `CMAC` and
/// `Signature` functions run one part through it.
///
/// Not for concurrent use: one part at a time (`@unchecked Sendable` so that a server can keep
/// it between requests).
public final class DigestStream: @unchecked Sendable {
    private enum Context {
        case digest(OpaquePointer)
        case mac(OpaquePointer)
        case sign(OpaquePointer, key: OpaquePointer)
        case verify(OpaquePointer, key: OpaquePointer)
    }

    private let context: Context
    /// For messages: "SHA256", "HMAC-SHA256", "RSA-PSS-SHA256".
    private let name: String
    private var finished = false

    private init(_ context: Context, name: String) {
        self.context = context
        self.name = name
    }

    deinit {
        switch context {
        case .digest(let context): EVP_MD_CTX_free(context)
        case .mac(let context): EVP_MAC_CTX_free(context)
        case .sign(let context, let key), .verify(let context, let key):
            EVP_MD_CTX_free(context)
            EVP_PKEY_free(key)
        }
    }

    /// A hash with `algorithm`.
    public static func hash(_ algorithm: Digest.Algorithm) throws(CryptoError) -> DigestStream {
        let md = try algorithm.requireMD()
        ERR_clear_error()
        guard let context = EVP_MD_CTX_new() else { throw .openSSL("allocating a digest context") }
        let stream = DigestStream(.digest(context), name: algorithm.openSSLName)
        guard EVP_DigestInit_ex2(context, md, nil) == 1 else { throw .openSSL("starting \(algorithm.openSSLName)") }
        return stream
    }

    /// An HMAC with `digest` under `key`.
    public static func hmac(key: SecretBytes, digest: Digest.Algorithm) throws(CryptoError) -> DigestStream {
        _ = try digest.requireMD()
        return try mac("HMAC", setting: "digest", to: digest.openSSLName, key: key)
    }

    /// A CMAC under `key` (16, 24 or 32 bytes for AES; 24 for Triple DES).
    public static func cmac(key: SecretBytes, cipher: CMAC.Cipher) throws(CryptoError) -> DigestStream {
        let name: String
        switch (cipher, key.count) {
        case (.aes, 16): name = "AES-128-CBC"
        case (.aes, 24): name = "AES-192-CBC"
        case (.aes, 32): name = "AES-256-CBC"
        case (.tripleDES, 24): name = "DES-EDE3-CBC"
        default: throw CryptoError(.invalidKey, "a \(cipher) CMAC key cannot be \(key.count) bytes")
        }
        return try mac("CMAC", setting: "cipher", to: name, key: key)
    }

    /// The `algorithm` MAC ("HMAC", "CMAC") under `key`, with the string parameter `setting`
    /// (the digest or cipher name) set to `value`.
    private static func mac(_ algorithm: String, setting: StaticString, to value: String, key: SecretBytes) throws(CryptoError) -> DigestStream {
        let what = "\(algorithm)-\(value)"
        ERR_clear_error()
        guard let mac = EVP_MAC_fetch(nil, algorithm, nil) else { throw .openSSL("fetching \(algorithm)", code: .unsupported) }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { throw .openSSL("creating a \(algorithm) context") }
        let stream = DigestStream(.mac(context), name: what)
        var name = Array(value.utf8CString)
        let initialized = name.withUnsafeMutableBufferPointer { name in
            var parameters = [
                // OSSL_PARAM keeps the key pointer: use static storage, not a temporary C string.
                OSSL_PARAM_construct_utf8_string(cString(setting), name.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            // A NULL key means "reuse the previous key", so an empty key still needs a pointer.
            return key.withUnsafeBytes { keyBytes in
                EVP_MAC_init(context, keyBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), keyBytes.count, &parameters)
            }
        }
        guard initialized == 1 else { throw .openSSL("initializing \(what)", code: .invalidKey) }
        return stream
    }

    /// A signature with `algorithm` (hashing the data with its digest).
    ///
    /// - Parameter privateKeyDER: PKCS#8 (or PKCS#1/SEC1) DER.
    public static func signing(privateKeyDER: SecretBytes, algorithm: SignatureAlgorithm) throws(CryptoError) -> DigestStream {
        if case .rsaPSS(_, let salt?) = algorithm, salt < 0 { throw .invalidParameters("a negative PSS salt length") }
        return try signature(algorithm, key: try KeyDER.loadPrivate(privateKeyDER), signing: true)
    }

    /// A check of a signature with `algorithm`.
    ///
    /// - Parameter publicKeyDER: SubjectPublicKeyInfo (or PKCS#1 RSAPublicKey) DER.
    public static func verifying(publicKeyDER: [UInt8], algorithm: SignatureAlgorithm) throws(CryptoError) -> DigestStream {
        try signature(algorithm, key: try KeyDER.loadPublic(publicKeyDER), signing: false)
    }

    /// Takes ownership of `key`.
    private static func signature(_ algorithm: SignatureAlgorithm, key: OpaquePointer, signing: Bool) throws(CryptoError) -> DigestStream {
        guard let context = EVP_MD_CTX_new() else {
            EVP_PKEY_free(key)
            throw .openSSL("allocating a digest context")
        }
        let stream = DigestStream(signing ? .sign(context, key: key) : .verify(context, key: key), name: algorithm.name)
        let md = try algorithm.digest.requireMD()
        try algorithm.check(key)
        ERR_clear_error()
        var keyContext: OpaquePointer?
        let started = signing ? EVP_DigestSignInit(context, &keyContext, md, nil, key) : EVP_DigestVerifyInit(context, &keyContext, md, nil, key)
        guard started == 1, let keyContext, algorithm.configure(keyContext, signing: signing) else {
            throw .openSSL("setting up \(algorithm.name)", code: .invalidParameters)
        }
        return stream
    }

    /// Feeds one more part of the data.
    public func update(_ data: [UInt8]) throws(CryptoError) {
        guard !finished else { throw .invalidParameters("the \(name) stream is finished") }
        guard !data.isEmpty else { return }
        let updated = switch context {
        case .digest(let context): EVP_DigestUpdate(context, data, data.count)
        case .mac(let context): EVP_MAC_update(context, data, data.count)
        case .sign(let context, _): EVP_DigestSignUpdate(context, data, data.count)
        case .verify(let context, _): EVP_DigestVerifyUpdate(context, data, data.count)
        }
        guard updated == 1 else { throw .openSSL("computing \(name)") }
    }

    /// The digest, MAC or signature of all the data fed. The stream is done afterwards.
    public func finish() throws(CryptoError) -> [UInt8] {
        guard !finished else { throw .invalidParameters("the \(name) stream is finished") }
        finished = true
        switch context {
        case .digest(let context):
            var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(context, &output, &length) == 1 else { throw .openSSL("finishing \(name)") }
            return Array(output[..<Int(length)])
        case .mac(let context):
            var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length = 0
            guard EVP_MAC_final(context, &output, &length, output.count) == 1 else { throw .openSSL("finishing \(name)") }
            return Array(output[..<length])
        case .sign(let context, _):
            var length = 0
            guard EVP_DigestSignFinal(context, nil, &length) == 1 else { throw .openSSL("signing with \(name)") }
            var signature = [UInt8](repeating: 0, count: length)
            guard EVP_DigestSignFinal(context, &signature, &length) == 1 else { throw .openSSL("signing with \(name)") }
            signature.removeSubrange(length...)
            return signature
        case .verify:
            throw .invalidParameters("a \(name) check ends with the signature to check, not an output")
        }
    }

    /// Whether `expected` is the MAC of all the data fed (compared in constant time; a
    /// truncated MAC does not verify), or for a signature check whether it is a valid
    /// signature of it (a malformed one is not). The stream is done afterwards.
    public func finish(verifying expected: [UInt8]) throws(CryptoError) -> Bool {
        switch context {
        case .verify(let context, _):
            guard !finished else { throw .invalidParameters("the \(name) stream is finished") }
            finished = true
            let result = EVP_DigestVerifyFinal(context, expected, expected.count)
            ERR_clear_error()
            return result == 1
        case .mac:
            let mac = try finish()
            return expected.count == mac.count && CRYPTO_memcmp(expected, mac, mac.count) == 0
        case .digest, .sign:
            throw .invalidParameters("\(name) makes an output; it checks none")
        }
    }
}
