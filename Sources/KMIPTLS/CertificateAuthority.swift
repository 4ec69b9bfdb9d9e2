internal import COpenSSL

/// Certificates issued for keys the caller holds (the server's Certify and Re-certify): a CA's
/// signature over a public key and a subject, valid from now.
extension PKI {
    /// An X.509 certificate (DER) for the public key `publicKeyDER` (SubjectPublicKeyInfo),
    /// with subject CN `commonName`, signed by `ca`.
    public static func certify(publicKeyDER: [UInt8], commonName: String, signedBy ca: Credentials, validDays: Int = 365) throws(TLSError) -> [UInt8] {
        ERR_clear_error()
        var cursor: UnsafePointer<UInt8>?
        let key = publicKeyDER.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            cursor = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else { throw .openSSL(.pki, "reading the public key to certify") }
        defer { EVP_PKEY_free(key) }
        return try issueLeaf(key: key, commonName: commonName, subject: nil, signedBy: ca, validDays: validDays)
    }

    /// An X.509 certificate (DER) for a PKCS#10 certificate request (DER), whose signature
    /// must hold: its subject and public key, signed by `ca`. Also the request's public key
    /// (SubjectPublicKeyInfo DER).
    public static func certify(requestDER: [UInt8], signedBy ca: Credentials, validDays: Int = 365) throws(TLSError) -> (certificate: [UInt8], publicKeyDER: [UInt8]) {
        ERR_clear_error()
        var cursor: UnsafePointer<UInt8>?
        let request = requestDER.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            cursor = buffer.baseAddress
            return d2i_X509_REQ(nil, &cursor, buffer.count)
        }
        guard let request else { throw .openSSL(.pki, "reading the PKCS#10 certificate request") }
        defer { X509_REQ_free(request) }
        guard let key = X509_REQ_get_pubkey(request) else { throw .openSSL(.pki, "reading the certificate request's public key") }
        defer { EVP_PKEY_free(key) }
        guard X509_REQ_verify(request, key) == 1 else { throw .openSSL(.pki, "checking the certificate request's signature: it does not verify") }
        let certificate = try issueLeaf(key: key, commonName: "", subject: X509_REQ_get_subject_name(request), signedBy: ca, validDays: validDays)
        return (certificate, try der { i2d_PUBKEY(key, $0) })
    }

    private static func issueLeaf(key: OpaquePointer, commonName: String, subject: OpaquePointer?, signedBy ca: Credentials, validDays: Int) throws(TLSError) -> [UInt8] {
        let caCertificates = try PEM.certificates(.bytes(ca.certificatePEM), what: "CA certificate")
        defer { caCertificates.forEach { X509_free($0) } }
        let caKey = try PEM.privateKey(.bytes(ca.privateKeyPEM), passphrase: nil)
        defer { EVP_PKEY_free(caKey) }
        let certificate = try buildCertificate(
            commonName: commonName, subject: subject, key: key, issuer: caCertificates.first, issuerKey: caKey, notBeforeDays: 0, validDays: validDays,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"),
                (NID_subject_key_identifier, "hash"),
                (NID_authority_key_identifier, "keyid"),
            ])
        defer { X509_free(certificate) }
        return try der { i2d_X509(certificate, $0) }
    }

    /// The DER an OpenSSL `i2d_` function writes.
    private static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) throws(TLSError) -> [UInt8] {
        let length = encode(nil)
        guard length > 0 else { throw .openSSL(.pki, "encoding DER") }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return encode(&cursor)
        }
        guard written == length else { throw .openSSL(.pki, "encoding DER") }
        return bytes
    }
}
