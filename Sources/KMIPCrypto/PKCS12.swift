internal import COpenSSL

/// PKCS#12 containers (RFC 7292): a private key and its certificate chain under one password,
/// as OpenSSL's `PKCS12_create` and `PKCS12_parse` make and read them (OpenSSL 3's defaults:
/// AES-256-CBC under PBKDF2, an HMAC-SHA-256 integrity MAC).
public enum PKCS12 {
    /// What a container holds.
    public struct Contents: Sendable {
        /// The private key, as PKCS#8 DER.
        public var privateKey: SecretBytes
        /// The private key's certificate first (when there is one), then the other
        /// certificates in the order the container lists them; DER.
        public var certificates: [[UInt8]]
        /// The friendly name (alias) the container gives the key's certificate, if any.
        public var friendlyName: String?
    }

    /// A container of `privateKey` (DER, as `AsymmetricKeys` reads it) and `certificates`
    /// (DER; the first must be the key's own, the rest its chain), under `password`, with
    /// `friendlyName` as the alias of the key and its certificate.
    public static func make(privateKey: SecretBytes, certificates: [[UInt8]], password: SecretBytes, friendlyName: String) throws(CryptoError) -> [UInt8] {
        let key = try KeyDER.loadPrivate(privateKey)
        defer { EVP_PKEY_free(key) }
        guard let chain = kmip_sk_X509_new_null() else { throw .openSSL("making a certificate list") }
        defer { kmip_sk_X509_pop_free(chain) }
        var leaf: OpaquePointer?
        defer { X509_free(leaf) }
        for (index, der) in certificates.enumerated() {
            let certificate = try loadCertificate(der, index: index)
            if index == 0 {
                leaf = certificate
            } else if kmip_sk_X509_push(chain, certificate) == 0 {
                X509_free(certificate)
                throw .openSSL("adding certificate \(index + 1) to the chain")
            }
        }
        if let leaf, X509_check_private_key(leaf, key) != 1 {
            throw .openSSL("the first certificate is not the private key's", code: .invalidKey)
        }
        let container = try withPassword(password) { (pass) throws(CryptoError) -> OpaquePointer in
            ERR_clear_error()
            guard let container = PKCS12_create(pass, friendlyName, key, leaf, chain, 0, 0, 0, 0, 0) else {
                throw .openSSL("making the PKCS#12 container")
            }
            return container
        }
        defer { PKCS12_free(container) }
        return try KeyDER.der("encoding the PKCS#12 container") { i2d_PKCS12(container, $0) }
    }

    /// The private key and certificates in `container`, opened with `password`. Throws
    /// `authenticationFailed` when the password does not verify the container's MAC, and
    /// `invalidKey` when it holds no private key or is not one, or when one of its key
    /// derivations asks for more than `maxIterations` iterations (before running that one) or
    /// for scrypt.
    public static func read(_ container: [UInt8], password: SecretBytes, maxIterations: Int64 = PKCS12.maxIterations) throws(CryptoError) -> Contents {
        guard let parsed = decode(container, { d2i_PKCS12(nil, $0, $1) }, free: PKCS12_free) else {
            throw .openSSL("the key material is not a DER PKCS#12 container", code: .invalidKey)
        }
        defer { PKCS12_free(parsed) }
        try checkMACDerivation(parsed, maxIterations: maxIterations)
        var key: OpaquePointer?
        var leaf: OpaquePointer?
        var chain: OpaquePointer?
        defer {
            EVP_PKEY_free(key)
            X509_free(leaf)
            if let chain { kmip_sk_X509_pop_free(chain) }
        }
        try withPassword(password) { (pass) throws(CryptoError) in
            ERR_clear_error()
            // A container without a MAC has no password check; a wrong password then shows
            // as contents that do not decrypt.
            let hasMAC = PKCS12_mac_present(parsed) == 1
            guard !hasMAC || PKCS12_verify_mac(parsed, pass, -1) == 1 else {
                throw .openSSL("the password does not open the PKCS#12 container (its MAC does not verify)", code: .authenticationFailed)
            }
            // As PKCS12_parse does, an empty password opens a container without a MAC as
            // no password at all.
            let safePassword = !hasMAC && pass.pointee == 0 ? nil : pass
            try checkEncryptionDerivations(parsed, password: safePassword, maxIterations: maxIterations)
            guard PKCS12_parse(parsed, pass, &key, &leaf, &chain) == 1 else { throw .openSSL("reading the PKCS#12 container") }
        }
        guard let key else { throw CryptoError(.invalidKey, "the PKCS#12 container holds no private key") }
        var certificates: [[UInt8]] = []
        var friendlyName: String?
        if let leaf {
            certificates.append(try certificateDER(leaf))
            var length: Int32 = 0
            if let alias = X509_alias_get0(leaf, &length), length > 0 {
                friendlyName = String(decoding: UnsafeBufferPointer(start: alias, count: Int(length)), as: UTF8.self)
            }
        }
        if let chain {
            for index in 0..<kmip_sk_X509_num(chain) {
                if let certificate = kmip_sk_X509_value(chain, index) { certificates.append(try certificateDER(certificate)) }
            }
        }
        return Contents(privateKey: try KeyDER.privatePKCS8(key), certificates: certificates, friendlyName: friendlyName)
    }

    /// A certificate from DER; +1, `X509_free` it.
    private static func loadCertificate(_ der: [UInt8], index: Int) throws(CryptoError) -> OpaquePointer {
        guard let certificate = decode(der, { d2i_X509(nil, $0, $1) }, free: X509_free) else {
            throw .openSSL("certificate \(index + 1) is not X.509 DER", code: .invalidParameters)
        }
        return certificate
    }

    private static func certificateDER(_ certificate: OpaquePointer) throws(CryptoError) -> [UInt8] {
        try KeyDER.der("encoding a certificate") { i2d_X509(certificate, $0) }
    }

    /// The object a `d2i_*` function reads from all of `der` (+1), or nil when it reads none or
    /// leaves bytes over.
    private static func decode(
        _ der: [UInt8], _ d2i: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?, free: (OpaquePointer) -> Void
    ) -> OpaquePointer? {
        ERR_clear_error()
        return der.withUnsafeBufferPointer { bytes -> OpaquePointer? in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
            var cursor: UnsafePointer<UInt8>? = base
            guard let object = d2i(&cursor, bytes.count) else { return nil }
            guard cursor == base + bytes.count else {
                free(object)
                return nil
            }
            return object
        }
    }

    /// Calls `body` with `password` as a C string, which is zeroed afterwards. A password
    /// with a zero byte cannot be one.
    private static func withPassword<R>(_ password: SecretBytes, _ body: (UnsafePointer<CChar>) throws(CryptoError) -> R) throws(CryptoError) -> R {
        var text = [CChar](repeating: 0, count: password.count + 1)
        defer { text.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        let hasZero = password.withUnsafeBytes { bytes in
            for (index, byte) in bytes.enumerated() { text[index] = CChar(bitPattern: byte) }
            return bytes.contains(0)
        }
        guard !hasZero else { throw .invalidParameters("a PKCS#12 password cannot contain a zero byte") }
        return try text.withUnsafeBufferPointer { (buffer) throws(CryptoError) -> R in try body(buffer.baseAddress!) }
    }
}
