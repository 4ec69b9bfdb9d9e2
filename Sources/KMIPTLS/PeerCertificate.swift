internal import COpenSSL

/// The verified certificate the other side presented, for authorisation decisions.
public struct PeerCertificate: Hashable, Sendable, CustomStringConvertible {
    /// The subject in RFC 2253 form (`CN=kmip-client,O=Example`).
    public var subject: String
    /// The subject's common name, if it has exactly one.
    public var commonName: String?
    /// Subject alternative names: `DNS:localhost`, `IP:127.0.0.1`, `email:...`, `URI:...`.
    public var subjectAlternativeNames: [String]
    /// SHA-256 of the DER certificate.
    public var sha256Fingerprint: [UInt8]
    /// The end of the validity period, seconds since 1970.
    public var notAfter: Int64?

    /// The fingerprint as colon-separated upper-case hex, as `openssl x509 -fingerprint` prints it.
    public var fingerprintText: String {
        sha256Fingerprint.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: ":")
    }

    public var description: String { "\(subject) (SHA-256 \(fingerprintText))" }

    /// Reads a DER-encoded X.509 certificate.
    public init(der: [UInt8]) throws(TLSError) {
        self = try withX509(der: der) { PeerCertificate(x509: $0) }
    }

    /// Reads the fields of an `X509`.
    init(x509 certificate: OpaquePointer) {
        let name = X509_get_subject_name(certificate)
        subject = Self.text(of: name)
        commonName = Self.commonName(of: name)
        subjectAlternativeNames = Self.alternativeNames(of: certificate)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        if X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 {
            sha256Fingerprint = Array(digest.prefix(Int(length)))
        } else {
            sha256Fingerprint = []
        }
        var time = tm()
        if let notAfter = X509_get0_notAfter(certificate), ASN1_TIME_to_tm(notAfter, &time) == 1 {
            self.notAfter = Int64(timegm(&time))
        } else {
            self.notAfter = nil
        }
        ERR_clear_error()
    }

    private static func text(of name: OpaquePointer?) -> String {
        guard let name, let bio = BIO_new(BIO_s_mem()) else { return "" }
        defer { BIO_free(bio) }
        guard X509_NAME_print_ex(bio, name, 0, kmip_name_flags_rfc2253()) >= 0 else { return "" }
        return BIOText.read(bio)
    }

    private static func commonName(of name: OpaquePointer?) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0, X509_NAME_get_index_by_NID(name, NID_commonName, index) < 0,
              let data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)) else { return nil }
        var utf8: UnsafeMutablePointer<UInt8>?
        let length = ASN1_STRING_to_UTF8(&utf8, data)
        guard length >= 0, let utf8 else { return nil }
        defer { kmip_OPENSSL_free(utf8) }
        return String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
    }

    private static func alternativeNames(of certificate: OpaquePointer) -> [String] {
        guard let raw = X509_get_ext_d2i(certificate, NID_subject_alt_name, nil, nil) else { return [] }
        let names = OpaquePointer(raw)
        defer { GENERAL_NAMES_free(names) }
        var result: [String] = []
        for index in 0..<kmip_sk_GENERAL_NAME_num(names) {
            guard let name = kmip_sk_GENERAL_NAME_value(names, index) else { continue }
            switch name.pointee.type {
            case GEN_DNS: result.append("DNS:" + asn1String(name.pointee.d.dNSName))
            case GEN_EMAIL: result.append("email:" + asn1String(name.pointee.d.rfc822Name))
            case GEN_URI: result.append("URI:" + asn1String(name.pointee.d.uniformResourceIdentifier))
            case GEN_IPADD: result.append("IP:" + ipAddress(name.pointee.d.iPAddress))
            default: continue
            }
        }
        return result
    }

    private static func bytes(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func asn1String(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        String(decoding: bytes(string), as: UTF8.self)
    }

    private static func ipAddress(_ string: UnsafeMutablePointer<ASN1_STRING>?) -> String {
        let raw = bytes(string)
        if raw.count == 4 { return raw.map(String.init).joined(separator: ".") }
        var groups: [String] = []
        var index = 0
        while index + 1 < raw.count {
            groups.append(String(UInt16(raw[index]) << 8 | UInt16(raw[index + 1]), radix: 16))
            index += 2
        }
        return groups.joined(separator: ":")
    }
}

/// Reading a memory BIO's contents.
enum BIOText {
    static func bytes(_ bio: OpaquePointer) -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(bio))
        guard pending > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: pending)
        let read = out.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32(clamping: pending)) }
        return Array(out.prefix(max(0, Int(read))))
    }

    static func read(_ bio: OpaquePointer) -> String {
        String(decoding: bytes(bio), as: UTF8.self)
    }
}

/// `body` over the `X509` that DER-encoded `der` holds (freed afterwards).
func withX509<T>(der: [UInt8], _ body: (OpaquePointer) -> T) throws(TLSError) -> T {
    ERR_clear_error()
    let parsed = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
        var cursor = buffer.baseAddress
        return d2i_X509(nil, &cursor, buffer.count)
    }
    guard let parsed else { throw .openSSL(.configuration, "reading a DER certificate") }
    defer { X509_free(parsed) }
    return body(parsed)
}
