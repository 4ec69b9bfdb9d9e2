internal import COpenSSL

/// A certificate and its private key, in PEM.
public struct Credentials: Sendable {
    public var certificatePEM: [UInt8]
    /// The private key (PKCS#8 PEM; encrypted when a passphrase was given).
    public var privateKeyPEM: [UInt8]

    public init(certificatePEM: [UInt8], privateKeyPEM: [UInt8]) {
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }
}

extension Credentials: CustomStringConvertible {
    /// Never prints the key.
    public var description: String { "Credentials(certificate: \(certificatePEM.count) bytes, private key: <redacted>)" }
}

/// Throw-away test PKI made with OpenSSL: a CA and the certificates it signs, on EC P-256
/// keys with SHA-256 signatures.
public enum PKI {
    /// What a leaf certificate is for.
    public enum Usage: Sendable {
        case server
        case client
    }

    /// A self-signed CA certificate.
    public static func makeCA(commonName: String, validDays: Int = 3650) throws(TLSError) -> Credentials {
        let key = try generateKey()
        defer { EVP_PKEY_free(key) }
        let certificate = try buildCertificate(
            commonName: commonName, key: key, issuer: nil, issuerKey: key, notBeforeDays: 0, validDays: validDays,
            extensions: [
                (NID_basic_constraints, "critical,CA:TRUE"),
                (NID_key_usage, "critical,keyCertSign,cRLSign"),
                (NID_subject_key_identifier, "hash"),
            ]
        )
        defer { X509_free(certificate) }
        return Credentials(certificatePEM: try pem(certificate: certificate), privateKeyPEM: try pem(key: key, passphrase: nil))
    }

    /// A certificate signed by `ca` for `usage`, naming `dnsNames` and `ipAddresses` as
    /// subject alternative names.
    ///
    /// - Parameters:
    ///   - notBeforeDays: when validity starts, in days from now (negative for the past).
    ///   - validDays: how long it lasts from then; `notBeforeDays: -10, validDays: 1` makes
    ///     an expired certificate.
    ///   - passphrase: encrypt the private key PEM with AES-256-CBC under this passphrase.
    public static func issue(
        commonName: String, usage: Usage, dnsNames: [String] = [], ipAddresses: [String] = [], signedBy ca: Credentials,
        caPassphrase: String? = nil, notBeforeDays: Int = 0, validDays: Int = 825, passphrase: String? = nil
    ) throws(TLSError) -> Credentials {
        let caCertificates = try PEM.certificates(.bytes(ca.certificatePEM), what: "CA certificate")
        defer { caCertificates.forEach { X509_free($0) } }
        let caKey = try PEM.privateKey(.bytes(ca.privateKeyPEM), passphrase: caPassphrase)
        defer { EVP_PKEY_free(caKey) }
        let key = try generateKey()
        defer { EVP_PKEY_free(key) }
        var extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, "critical,digitalSignature,keyAgreement"),
            (NID_ext_key_usage, usage == .server ? "serverAuth" : "clientAuth"),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
        ]
        let names = dnsNames.map { "DNS:" + $0 } + ipAddresses.map { "IP:" + $0 }
        if !names.isEmpty { extensions.append((NID_subject_alt_name, names.joined(separator: ","))) }
        let certificate = try buildCertificate(
            commonName: commonName, key: key, issuer: caCertificates[0], issuerKey: caKey,
            notBeforeDays: notBeforeDays, validDays: validDays, extensions: extensions
        )
        defer { X509_free(certificate) }
        return Credentials(certificatePEM: try pem(certificate: certificate), privateKeyPEM: try pem(key: key, passphrase: passphrase))
    }

    // MARK: OpenSSL

    private static func generateKey() throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nil) else { throw .openSSL(.pki, "creating a key generator") }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, NID_X9_62_prime256v1) == 1,
              EVP_PKEY_keygen(context, &key) == 1, let key
        else { throw .openSSL(.pki, "generating an EC P-256 key") }
        return key
    }

    /// A certificate for `key` named `commonName`, or `subject` (an `X509_NAME`) when given.
    static func buildCertificate(
        commonName: String, subject: OpaquePointer? = nil, key: OpaquePointer, issuer: OpaquePointer?, issuerKey: OpaquePointer,
        notBeforeDays: Int, validDays: Int, extensions: [(Int32, String)]
    ) throws(TLSError) -> OpaquePointer {
        ERR_clear_error()
        guard let certificate = X509_new() else { throw .openSSL(.pki, "allocating a certificate") }
        var ok = X509_set_version(certificate, 2) == 1
        var serial = [UInt8](repeating: 0, count: 16)
        ok = ok && RAND_bytes(&serial, Int32(serial.count)) == 1
        serial[0] &= 0x7F
        if ok, let number = BN_bin2bn(serial, Int32(serial.count), nil) {
            ok = BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate)) != nil
            BN_free(number)
        } else {
            ok = false
        }
        let start = notBeforeDays * 86_400
        ok = ok && X509_gmtime_adj(X509_getm_notBefore(certificate), start) != nil
        ok = ok && X509_gmtime_adj(X509_getm_notAfter(certificate), start + validDays * 86_400) != nil
        if ok, let name = X509_NAME_new() {
            ok = subject != nil || X509_NAME_add_entry_by_txt(name, "CN", kmip_mbstring_asc(), commonName, -1, -1, 0) == 1
            ok = ok && X509_set_subject_name(certificate, subject ?? name) == 1
            ok = ok && X509_set_issuer_name(certificate, issuer.map { X509_get_subject_name($0) } ?? subject ?? name) == 1
            X509_NAME_free(name)
        } else {
            ok = false
        }
        ok = ok && X509_set_pubkey(certificate, key) == 1
        if ok {
            var context = X509V3_CTX()
            X509V3_set_ctx(&context, issuer ?? certificate, certificate, nil, nil, 0)
            for (nid, value) in extensions {
                guard let `extension` = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                    ok = false
                    break
                }
                ok = X509_add_ext(certificate, `extension`, -1) == 1
                X509_EXTENSION_free(`extension`)
                if !ok { break }
            }
        }
        ok = ok && X509_sign(certificate, issuerKey, EVP_sha256()) > 0
        guard ok else {
            X509_free(certificate)
            throw .openSSL(.pki, "building the certificate for \(commonName)")
        }
        return certificate
    }

    private static func pem(certificate: OpaquePointer) throws(TLSError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL(.pki, "allocating a buffer") }
        defer { BIO_free(bio) }
        guard PEM_write_bio_X509(bio, certificate) == 1 else { throw .openSSL(.pki, "writing a certificate as PEM") }
        return BIOText.bytes(bio)
    }

    private static func pem(key: OpaquePointer, passphrase: String?) throws(TLSError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw .openSSL(.pki, "allocating a buffer") }
        defer { BIO_free(bio) }
        let written: Int32
        if let passphrase {
            written = passphrase.withCString { pass in
                PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), pass, Int32(strlen(pass)), nil, nil)
            }
        } else {
            written = PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil)
        }
        guard written == 1 else { throw .openSSL(.pki, "writing a private key as PEM") }
        return BIOText.bytes(bio)
    }
}
