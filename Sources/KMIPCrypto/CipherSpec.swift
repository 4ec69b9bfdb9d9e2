internal import COpenSSL

/// A validated cipher choice, and the one-shot `EVP_CipherInit_ex2`/`Update`/`Final_ex` run.
struct CipherSpec {
    let algorithm: SymmetricCipher.Algorithm
    let mode: SymmetricCipher.Mode
    let cipher: OpaquePointer
    let pad: Bool
    let iv: [UInt8]?
    let additionalData: [UInt8]

    var name: String { Self.name(algorithm, mode) }

    static func name(_ algorithm: SymmetricCipher.Algorithm, _ mode: SymmetricCipher.Mode) -> String {
        "\(algorithm == .aes ? "AES" : "3DES")-\(mode.rawValue.uppercased())"
    }

    init(
        algorithm: SymmetricCipher.Algorithm, mode: SymmetricCipher.Mode, padding: SymmetricCipher.Padding,
        key: SecretBytes, iv: [UInt8]?, additionalData: [UInt8]?
    ) throws(CryptoError) {
        self.algorithm = algorithm
        self.mode = mode
        let name = Self.name(algorithm, mode)
        let keyLengths = SymmetricCipher.keyLengths(algorithm: algorithm, mode: mode)
        guard !keyLengths.isEmpty else { throw .unsupported("\(name) is not supported") }
        guard keyLengths.contains(key.count) else {
            let allowed = keyLengths.map(String.init).joined(separator: ", ")
            throw .invalidParameters("\(name) takes a key of \(allowed) bytes, not \(key.count)")
        }
        guard let cipher = FetchedAlgorithms.cipher(algorithm, mode, keyLength: key.count) else {
            throw .unsupported("\(name) with a \(key.count * 8)-bit key is not available")
        }
        self.cipher = cipher

        switch (mode, SymmetricCipher.ivLength(algorithm: algorithm, mode: mode)) {
        case (.ecb, _):
            guard iv == nil || iv!.isEmpty else { throw .invalidParameters("ECB takes no IV") }
            self.iv = nil
        case (.gcm, _):
            guard let iv, !iv.isEmpty else { throw .invalidParameters("GCM needs an IV (nonce), 12 bytes recommended") }
            guard iv.count <= 1024 else { throw .invalidParameters("a GCM IV of \(iv.count) bytes is too long") }
            self.iv = iv
        case (_, let length?):
            guard let iv else { throw .invalidParameters("\(name) needs a \(length)-byte IV") }
            guard iv.count == length else { throw .invalidParameters("\(name) takes a \(length)-byte IV, not \(iv.count)") }
            self.iv = iv
        case (_, nil):
            throw .unsupported("\(name) is not supported")
        }

        if mode == .gcm {
            self.additionalData = additionalData ?? []
        } else {
            guard additionalData == nil || additionalData!.isEmpty else {
                throw .invalidParameters("only GCM takes additional authenticated data")
            }
            self.additionalData = []
        }
        pad = padding == .pkcs5 && (mode == .ecb || mode == .cbc)
    }

    /// Rejects a GCM tag length outside `SymmetricCipher.gcmTagLengths`.
    static func checkGCMTagLength(_ length: Int) throws(CryptoError) {
        guard SymmetricCipher.gcmTagLengths.contains(length) else {
            throw .invalidParameters("a GCM tag is \(SymmetricCipher.gcmTagLengths.lowerBound) to \(SymmetricCipher.gcmTagLengths.upperBound) bytes, not \(length)")
        }
    }

    /// Rejects a tag given where the mode takes none, and for GCM a missing tag or one of the
    /// wrong length.
    func checkGivenTag(_ tag: [UInt8]?) throws(CryptoError) {
        if mode == .gcm {
            guard let tag else { throw .invalidParameters("GCM decryption needs the tag") }
            try Self.checkGCMTagLength(tag.count)
        } else if tag != nil {
            throw .invalidParameters("only GCM takes a tag")
        }
    }

    /// Rejects data lengths the mode cannot take.
    func checkDataLength(_ count: Int, encrypting: Bool) throws(CryptoError) {
        let block = SymmetricCipher.blockSize(algorithm: algorithm)
        switch mode {
        case .ecb, .cbc:
            if (!pad || !encrypting), count % block != 0 {
                throw .invalidParameters("\(name) \(pad ? "ciphertext" : "without padding") must be whole \(block)-byte blocks, not \(count) bytes")
            }
            if pad, !encrypting, count == 0 { throw .invalidParameters("padded \(name) ciphertext cannot be empty") }
        case .xts:
            if count < 16 { throw .invalidParameters("XTS needs at least 16 bytes of data, not \(count)") }
        case .ctr, .gcm:
            break
        }
        _ = try int32Length(count, "the data")
    }

    /// What an OpenSSL run of this cipher needs.
    var setup: EVPCipher.Setup {
        EVPCipher.Setup(
            cipher: cipher, name: name, iv: iv, setsIVLength: mode == .gcm && iv?.count != 12, pad: pad, aead: mode == .gcm,
            additionalData: additionalData, slack: 2 * SymmetricCipher.blockSize(algorithm: algorithm))
    }

    /// Runs the cipher over `input`. For GCM, `tag` is filled in when encrypting and checked when decrypting.
    func run(encrypt: Bool, input: [UInt8], key: SecretBytes, tag: inout [UInt8]?) throws(CryptoError) -> [UInt8] {
        try EVPCipher.run(setup, encrypt: encrypt, input: input, key: key, tag: &tag)
    }
}
