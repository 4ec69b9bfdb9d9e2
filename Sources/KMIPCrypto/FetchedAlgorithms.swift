internal import COpenSSL

/// OpenSSL digests and ciphers fetched once from the default library context and kept for the
/// life of the process.
///
/// OpenSSL 3 fetches the implementation behind `EVP_sha256()`, `EVP_aes_256_cbc()` and the like
/// again at every use (a lock and a name lookup in its method store): for a short hash that is
/// most of the time (0.45-0.6 µs rather than 0.2 here), for a 1 KiB AES-CBC run a fifth. A
/// fetched object is immutable and may be shared between threads.
enum FetchedAlgorithms {
    /// A fetched object (nil when this OpenSSL does not provide it). Never freed.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer?
    }

    private static let digests: [Digest.Algorithm: Handle] = Dictionary(uniqueKeysWithValues: Digest.Algorithm.allCases.map { algorithm in
        (algorithm, Handle(pointer: EVP_MD_fetch(nil, algorithm.openSSLName, nil)))
    })

    /// The block ciphers `CipherSpec` runs: algorithm, mode, key length in bytes, OpenSSL's name.
    private static let cipherTable: [(SymmetricCipher.Algorithm, SymmetricCipher.Mode, Int, String)] = [
        (.aes, .ecb, 16, "AES-128-ECB"), (.aes, .ecb, 24, "AES-192-ECB"), (.aes, .ecb, 32, "AES-256-ECB"),
        (.aes, .cbc, 16, "AES-128-CBC"), (.aes, .cbc, 24, "AES-192-CBC"), (.aes, .cbc, 32, "AES-256-CBC"),
        (.aes, .ctr, 16, "AES-128-CTR"), (.aes, .ctr, 24, "AES-192-CTR"), (.aes, .ctr, 32, "AES-256-CTR"),
        (.aes, .gcm, 16, "AES-128-GCM"), (.aes, .gcm, 24, "AES-192-GCM"), (.aes, .gcm, 32, "AES-256-GCM"),
        (.aes, .xts, 32, "AES-128-XTS"), (.aes, .xts, 64, "AES-256-XTS"),
        (.tripleDES, .ecb, 16, "DES-EDE-ECB"), (.tripleDES, .ecb, 24, "DES-EDE3-ECB"),
        (.tripleDES, .cbc, 16, "DES-EDE-CBC"), (.tripleDES, .cbc, 24, "DES-EDE3-CBC"),
    ]

    private struct CipherChoice: Hashable {
        let algorithm: SymmetricCipher.Algorithm
        let mode: SymmetricCipher.Mode
        let keyLength: Int
    }

    private static let ciphers: [CipherChoice: Handle] = Dictionary(uniqueKeysWithValues: cipherTable.map { algorithm, mode, keyLength, name in
        (CipherChoice(algorithm: algorithm, mode: mode, keyLength: keyLength), Handle(pointer: EVP_CIPHER_fetch(nil, name, nil)))
    })

    /// The digest `algorithm`, or nil when OpenSSL does not provide it.
    static func digest(_ algorithm: Digest.Algorithm) -> OpaquePointer? {
        digests[algorithm]?.pointer
    }

    /// The cipher for `algorithm` in `mode` with a key of `keyLength` bytes, or nil when there
    /// is none (or OpenSSL does not provide it).
    static func cipher(_ algorithm: SymmetricCipher.Algorithm, _ mode: SymmetricCipher.Mode, keyLength: Int) -> OpaquePointer? {
        ciphers[CipherChoice(algorithm: algorithm, mode: mode, keyLength: keyLength)]?.pointer
    }
}
