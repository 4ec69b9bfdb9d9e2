/// A block-cipher encryption or decryption fed in parts (KMIP's multi-part Encrypt and
/// Decrypt): the same ciphers, keys and IVs as `SymmetricCipher`, except XTS, whose data unit
/// must be enciphered at once.
///
/// Each part's output is returned as it comes; a block mode holds back a partial block until
/// more data or the end. A streamed GCM decryption returns plaintext before `finish` has
/// checked the tag: the caller must not trust it until `finish` succeeds. Not for concurrent
/// use: one part at a time (`@unchecked Sendable` so that a server can keep it between
/// requests).
public final class SymmetricCipherStream: @unchecked Sendable {
    private let spec: CipherSpec
    private let run: EVPCipher
    private let encrypting: Bool
    private let tagLength: Int
    private var length = 0
    private var finished = false

    /// Starts a run with the same checks as `SymmetricCipher.encrypt` and `decrypt` (key, IV and
    /// tag lengths); `tagLength` is the GCM tag to make when encrypting.
    public init(
        encrypting: Bool, key: SecretBytes, algorithm: SymmetricCipher.Algorithm, mode: SymmetricCipher.Mode,
        padding: SymmetricCipher.Padding, iv: [UInt8]?, additionalData: [UInt8]? = nil, tagLength: Int = 16
    ) throws(CryptoError) {
        guard mode != .xts else { throw .unsupported("XTS cannot be streamed: its data unit is enciphered at once") }
        if mode == .gcm, encrypting { try CipherSpec.checkGCMTagLength(tagLength) }
        spec = try CipherSpec(algorithm: algorithm, mode: mode, padding: padding, key: key, iv: iv, additionalData: additionalData)
        run = try EVPCipher(spec.setup, encrypt: encrypting, key: key)
        self.encrypting = encrypting
        self.tagLength = tagLength
    }

    /// The output for one more part of the data.
    public func update(_ data: [UInt8]) throws(CryptoError) -> [UInt8] {
        guard !finished else { throw .invalidParameters("the \(spec.name) stream is finished") }
        _ = try int32Length(data.count, "the data")
        length += data.count
        var output: [UInt8] = []
        output.reserveCapacity(data.count + spec.setup.slack)
        try run.update(data, into: &output)
        return output
    }

    /// The last output (padding) and, for GCM, the tag made (encrypting) or checked against
    /// `tag` (decrypting: `.authenticationFailed` when it does not match). The stream is done
    /// afterwards, whatever the outcome.
    public func finish(tag given: [UInt8]? = nil) throws(CryptoError) -> (output: [UInt8], tag: [UInt8]?) {
        guard !finished else { throw .invalidParameters("the \(spec.name) stream is finished") }
        finished = true
        var tag: [UInt8]?
        if encrypting, spec.mode == .gcm {
            tag = [UInt8](repeating: 0, count: tagLength)
        } else {
            try spec.checkGivenTag(given)
            tag = given
        }
        // Whole blocks in all, as a one-shot ECB or CBC run checks them.
        if spec.mode == .ecb || spec.mode == .cbc { try spec.checkDataLength(length, encrypting: encrypting) }
        var output: [UInt8] = []
        try run.finish(into: &output, tag: &tag)
        return (output, encrypting ? tag : nil)
    }
}
