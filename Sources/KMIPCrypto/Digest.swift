internal import COpenSSL

/// Message digests (`EVP_Digest`).
public enum Digest {
    /// A hash algorithm.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        case sha1, sha224, sha256, sha384, sha512
        case sha3_224, sha3_256, sha3_384, sha3_512
        case md5

        /// The digest length in bytes.
        public var outputLength: Int {
            switch self {
            case .md5: 16
            case .sha1: 20
            case .sha224, .sha3_224: 28
            case .sha256, .sha3_256: 32
            case .sha384, .sha3_384: 48
            case .sha512, .sha3_512: 64
            }
        }

        /// OpenSSL's name for it, as `EVP_MD_fetch` and `OSSL_MAC_PARAM_DIGEST` take it.
        var openSSLName: String {
            switch self {
            case .sha1: "SHA1"
            case .sha224: "SHA224"
            case .sha256: "SHA256"
            case .sha384: "SHA384"
            case .sha512: "SHA512"
            case .sha3_224: "SHA3-224"
            case .sha3_256: "SHA3-256"
            case .sha3_384: "SHA3-384"
            case .sha3_512: "SHA3-512"
            case .md5: "MD5"
            }
        }

        /// The OpenSSL digest (fetched once, never freed).
        var md: OpaquePointer? { FetchedAlgorithms.digest(self) }

        func requireMD() throws(CryptoError) -> OpaquePointer {
            guard let md else { throw .unsupported("the digest \(openSSLName) is not available") }
            return md
        }
    }

    /// The digest of `data`.
    public static func hash(_ data: [UInt8], algorithm: Algorithm) throws(CryptoError) -> [UInt8] {
        let md = try algorithm.requireMD()
        ERR_clear_error()
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_Digest(data, data.count, &output, &length, md, nil) == 1 else {
            throw .openSSL("hashing with \(algorithm.openSSLName)")
        }
        return Array(output[..<Int(length)])
    }
}
