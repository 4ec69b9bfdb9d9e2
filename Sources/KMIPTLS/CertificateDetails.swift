internal import COpenSSL

/// What an X.509 certificate says about itself: its issuer and subject, serial number, public
/// key and signature algorithm (for the attributes a KMIP server derives from a registered
/// certificate).
public struct CertificateDetails: Hashable, Sendable {
    /// A distinguished name: its DER encoding and its attribute values in order.
    public struct Name: Hashable, Sendable {
        /// One attribute of the name: OpenSSL's short name of its type ("C", "O", "OU", "CN",
        /// "L", "ST", "emailAddress", "DC", "UID", "serialNumber", "title", "dnQualifier") and
        /// its value.
        public struct Entry: Hashable, Sendable {
            public var type: String
            public var value: String
        }

        public var der: [UInt8]
        public var entries: [Entry]
    }

    public var issuer: Name
    public var subject: Name
    /// The serial number as a DER INTEGER.
    public var serialNumberDER: [UInt8]
    /// The public key's type, as OpenSSL's short name ("rsaEncryption", "id-ecPublicKey",
    /// "ED25519", ...; nil when it has none), and its size in bits.
    public var publicKeyType: String?
    public var publicKeyBits: Int
    /// The signature algorithm's long name, e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384".
    public var signatureAlgorithm: String?

    /// Reads a DER-encoded X.509 certificate.
    public init(der: [UInt8]) throws(TLSError) {
        self = try withX509(der: der) { CertificateDetails(x509: $0) }
    }

    private init(x509 certificate: OpaquePointer) {
        issuer = Self.name(X509_get_issuer_name(certificate))
        subject = Self.name(X509_get_subject_name(certificate))
        serialNumberDER = Self.der { i2d_ASN1_INTEGER(X509_get0_serialNumber(certificate), $0) }
        if let key = X509_get0_pubkey(certificate) {
            publicKeyType = OBJ_nid2sn(EVP_PKEY_get_base_id(key)).map { String(cString: $0) }
            publicKeyBits = Int(EVP_PKEY_get_bits(key))
        } else {
            publicKeyType = nil
            publicKeyBits = 0
        }
        signatureAlgorithm = OBJ_nid2ln(X509_get_signature_nid(certificate)).map { String(cString: $0) }
        ERR_clear_error()
    }

    private static func name(_ name: OpaquePointer?) -> Name {
        guard let name else { return Name(der: [], entries: []) }
        var entries: [Name.Entry] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index),
                  let type = OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry))),
                  let data = X509_NAME_ENTRY_get_data(entry) else { continue }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            guard length >= 0, let utf8 else { continue }
            defer { kmip_OPENSSL_free(utf8) }
            entries.append(Name.Entry(type: String(cString: type), value: String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)))
        }
        return Name(der: der { i2d_X509_NAME(name, $0) }, entries: entries)
    }

    /// The bytes an OpenSSL `i2d_` function writes.
    private static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8] {
        let length = encode(nil)
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor = buffer.baseAddress
            return encode(&cursor)
        }
        return written == length ? bytes : []
    }
}
