internal import COpenSSL

/// Block-cipher encryption and decryption: AES (ECB, CBC, CTR, GCM, XTS) and Triple DES (ECB, CBC).
///
/// One call handles the whole message. Callers choose the IV (see `ivLength(algorithm:mode:)`
/// and `Random.bytes(_:)`); nothing here generates one.
public enum SymmetricCipher {
    /// The block cipher.
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// AES with a 128-, 192- or 256-bit key (XTS: two keys, 256 or 512 bits in all).
        case aes
        /// Triple DES (EDE) with a 192-bit three-key or 128-bit two-key bundle.
        case tripleDES
    }

    /// The block-cipher mode.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case ecb, cbc, ctr, gcm, xts
    }

    /// Padding for ECB and CBC. CTR, GCM and XTS never pad and ignore this.
    public enum Padding: String, Sendable, Hashable, CaseIterable {
        /// The data must be a whole number of blocks.
        case none
        /// PKCS#5/PKCS#7 padding.
        case pkcs5
    }

    /// The allowed GCM tag lengths, in bytes.
    public static let gcmTagLengths = 4...16

    /// The IV length `mode` needs with `algorithm`, or `nil` for ECB (no IV) and for
    /// combinations that are not supported. For GCM this is the recommended 12 bytes; other
    /// non-empty lengths are accepted too. For XTS the IV is the 16-byte tweak.
    public static func ivLength(algorithm: Algorithm, mode: Mode) -> Int? {
        switch (algorithm, mode) {
        case (_, .ecb): nil
        case (.aes, .cbc), (.aes, .ctr), (.aes, .xts): 16
        case (.aes, .gcm): 12
        case (.tripleDES, .cbc): 8
        case (.tripleDES, _): nil
        }
    }

    /// The key lengths, in bytes, `mode` accepts with `algorithm` (empty when unsupported).
    public static func keyLengths(algorithm: Algorithm, mode: Mode) -> [Int] {
        switch (algorithm, mode) {
        case (.aes, .xts): [32, 64]
        case (.aes, _): [16, 24, 32]
        case (.tripleDES, .ecb), (.tripleDES, .cbc): [16, 24]
        case (.tripleDES, _): []
        }
    }

    /// The block size in bytes.
    public static func blockSize(algorithm: Algorithm) -> Int {
        algorithm == .aes ? 16 : 8
    }

    /// Encrypts `plaintext`.
    ///
    /// - Parameters:
    ///   - iv: the IV, counter block (CTR), nonce (GCM) or tweak (XTS); `nil` for ECB.
    ///   - additionalData: authenticated data for GCM; other modes reject it.
    ///   - tagLength: the GCM tag length in bytes (4...16).
    /// - Returns: the ciphertext, and for GCM the tag (otherwise `nil`).
    /// - Throws: `.unsupported` for a combination OpenSSL does not offer, `.invalidParameters`
    ///   for a wrong key, IV or tag length or unpadded data that is not whole blocks.
    public static func encrypt(
        _ plaintext: [UInt8], key: SecretBytes, algorithm: Algorithm, mode: Mode, padding: Padding,
        iv: [UInt8]?, additionalData: [UInt8]? = nil, tagLength: Int = 16
    ) throws(CryptoError) -> (ciphertext: [UInt8], tag: [UInt8]?) {
        let spec = try CipherSpec(algorithm: algorithm, mode: mode, padding: padding, key: key, iv: iv, additionalData: additionalData)
        if mode == .gcm { try CipherSpec.checkGCMTagLength(tagLength) }
        try spec.checkDataLength(plaintext.count, encrypting: true)
        var tag: [UInt8]? = mode == .gcm ? [UInt8](repeating: 0, count: tagLength) : nil
        let ciphertext = try spec.run(encrypt: true, input: plaintext, key: key, tag: &tag)
        return (ciphertext, tag)
    }

    /// Decrypts `ciphertext`.
    ///
    /// - Parameters:
    ///   - iv: as given to `encrypt`.
    ///   - additionalData: the GCM authenticated data given to `encrypt`.
    ///   - tag: the GCM tag (required for GCM; other modes reject it).
    /// - Throws: `.authenticationFailed` when the GCM tag does not match (altered data, wrong
    ///   key, IV or additional data); `.invalidParameters` for wrong lengths; `.openSSL` for
    ///   bad PKCS#5 padding (usually a wrong key).
    public static func decrypt(
        _ ciphertext: [UInt8], key: SecretBytes, algorithm: Algorithm, mode: Mode, padding: Padding,
        iv: [UInt8]?, additionalData: [UInt8]? = nil, tag: [UInt8]? = nil
    ) throws(CryptoError) -> [UInt8] {
        let spec = try CipherSpec(algorithm: algorithm, mode: mode, padding: padding, key: key, iv: iv, additionalData: additionalData)
        try spec.checkGivenTag(tag)
        var tag = tag
        try spec.checkDataLength(ciphertext.count, encrypting: false)
        return try spec.run(encrypt: false, input: ciphertext, key: key, tag: &tag)
    }
}
