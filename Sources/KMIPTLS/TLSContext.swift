internal import COpenSSL

/// A configured OpenSSL `SSL_CTX`: certificates, trust roots, versions and ciphers loaded
/// once, then shared by every connection. Safe to share across threads once built (OpenSSL
/// allows concurrent `SSL_new` on a configured context).
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The configuration this context was built from.
    public let configuration: TLSConfiguration

    /// Builds the context, loading every file the configuration names.
    ///
    /// - Throws: `TLSError` (`.configuration`) naming what did not load and OpenSSL's reason.
    public init(configuration: TLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        let method = configuration.role == .server ? TLS_server_method() : TLS_client_method()
        guard let context = SSL_CTX_new(method) else { throw .openSSL(.configuration, "creating the TLS context") }
        self.context = context
        self.configuration = configuration
        try configure()
    }

    deinit {
        SSL_CTX_free(context)
    }

    private func configure() throws(TLSError) {
        let configuration = self.configuration
        guard configuration.minimumVersion <= configuration.maximumVersion,
              kmip_SSL_CTX_set_min_proto_version(context, configuration.minimumVersion.rawValue) == 1,
              kmip_SSL_CTX_set_max_proto_version(context, configuration.maximumVersion.rawValue) == 1
        else { throw .openSSL(.configuration, "setting TLS versions \(configuration.minimumVersion) to \(configuration.maximumVersion)") }
        _ = SSL_CTX_set_options(context, kmip_ssl_default_options())
        guard SSL_CTX_set_ciphersuites(context, configuration.tls13CipherSuites) == 1 else {
            throw .openSSL(.configuration, "setting TLS 1.3 cipher suites '\(configuration.tls13CipherSuites)'")
        }
        if configuration.minimumVersion <= .v1_2, SSL_CTX_set_cipher_list(context, configuration.tls12CipherSuites) != 1 {
            throw .openSSL(.configuration, "setting TLS 1.2 cipher suites '\(configuration.tls12CipherSuites)'")
        }
        if !configuration.sessionResumption {
            _ = kmip_SSL_CTX_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
            _ = SSL_CTX_set_num_tickets(context, 0)
            _ = SSL_CTX_set_options(context, kmip_ssl_no_ticket_option())
        }
        try loadIdentity()
        try loadTrustRoots()
        switch (configuration.role, configuration.clientAuthentication) {
        case (.client, _): SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        case (.server, .required): SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        case (.server, .optional): SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        case (.server, .none): SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        }
    }

    private func loadIdentity() throws(TLSError) {
        let configuration = self.configuration
        guard let chainSource = configuration.certificateChain else {
            if configuration.role == .server { throw TLSError(.configuration, operation: "a server needs a certificate and a private key") }
            return
        }
        guard let keySource = configuration.privateKey else {
            throw TLSError(.configuration, operation: "a certificate needs its private key")
        }
        let chain = try PEM.certificates(chainSource, what: "certificate chain")
        defer { chain.forEach { X509_free($0) } }
        guard let leaf = chain.first, SSL_CTX_use_certificate(context, leaf) == 1 else {
            throw .openSSL(.configuration, "using the certificate \(chainSource.label)")
        }
        for intermediate in chain.dropFirst() {
            // SSL_CTX_add_extra_chain_cert takes ownership: hand over a new reference.
            X509_up_ref(intermediate)
            guard SSL_CTX_ctrl(context, SSL_CTRL_EXTRA_CHAIN_CERT, 0, UnsafeMutableRawPointer(intermediate)) == 1 else {
                X509_free(intermediate)
                throw .openSSL(.configuration, "adding an intermediate certificate from \(chainSource.label)")
            }
        }
        let key = try PEM.privateKey(keySource, passphrase: configuration.privateKeyPassphrase)
        defer { EVP_PKEY_free(key) }
        guard SSL_CTX_use_PrivateKey(context, key) == 1 else { throw .openSSL(.configuration, "using the private key \(keySource.label)") }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw .openSSL(.configuration, "the private key \(keySource.label) does not match the certificate \(chainSource.label)")
        }
    }

    private func loadTrustRoots() throws(TLSError) {
        switch configuration.trustRoots {
        case .file(let path):
            guard SSL_CTX_load_verify_locations(context, path, nil) == 1 else { throw .openSSL(.configuration, "loading trusted CAs from \(path)") }
        case .directory(let path):
            guard SSL_CTX_load_verify_locations(context, nil, path) == 1 else { throw .openSSL(.configuration, "loading trusted CAs from directory \(path)") }
        case .certificates(let pem):
            let certificates = try PEM.certificates(.bytes(pem), what: "trusted CAs")
            defer { certificates.forEach { X509_free($0) } }
            let store = SSL_CTX_get_cert_store(context)
            for certificate in certificates where X509_STORE_add_cert(store, certificate) != 1 {
                throw .openSSL(.configuration, "adding a trusted CA")
            }
        case .system:
            guard SSL_CTX_set_default_verify_paths(context) == 1 else { throw .openSSL(.configuration, "loading the system's trusted CAs") }
        }
    }
}

extension PEMSource {
    var label: String {
        switch self {
        case .file(let path): path
        case .bytes(let bytes): "(\(bytes.count) bytes of PEM)"
        }
    }
}

/// Reading PEM into OpenSSL objects.
enum PEM {
    /// A memory BIO holding the source's bytes (a file is read through OpenSSL).
    static func bio(_ source: PEMSource) throws(TLSError) -> OpaquePointer {
        switch source {
        case .file(let path):
            guard let bio = BIO_new_file(path, "r") else { throw .openSSL(.configuration, "opening \(path)") }
            return bio
        case .bytes(let bytes):
            guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL(.configuration, "allocating a buffer") }
            let written = bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32(clamping: $0.count)) }
            guard written == bytes.count else {
                BIO_free(bio)
                throw .openSSL(.configuration, "buffering PEM data")
            }
            return bio
        }
    }

    /// Every certificate in the source, in order (the caller frees them).
    static func certificates(_ source: PEMSource, what: String) throws(TLSError) -> [OpaquePointer] {
        let bio = try bio(source)
        defer { BIO_free(bio) }
        var certificates: [OpaquePointer] = []
        while let certificate = PEM_read_bio_X509(bio, nil, nil, nil) { certificates.append(certificate) }
        // Reading stops with a "no start line" error at the end of the data.
        ERR_clear_error()
        guard !certificates.isEmpty else {
            throw TLSError(.configuration, operation: "no PEM certificate in the \(what) \(source.label)")
        }
        return certificates
    }

    /// The private key in the source, decrypted with `passphrase` if it is encrypted (the
    /// caller frees it).
    static func privateKey(_ source: PEMSource, passphrase: String?) throws(TLSError) -> OpaquePointer {
        let bio = try bio(source)
        defer { BIO_free(bio) }
        // With no callback, OpenSSL takes the user-data argument as the passphrase; an empty
        // one makes an encrypted key fail instead of prompting on the terminal.
        let key = (passphrase ?? "").withCString { pass in
            PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: pass))
        }
        guard let key else {
            throw .openSSL(.configuration, "reading the private key \(source.label)" + (passphrase == nil ? " (if it is encrypted, give its passphrase)" : ""))
        }
        return key
    }
}
