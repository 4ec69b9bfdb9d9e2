import KMIP
import KMIPCrypto
import KMIPSpec

/// Where a request stands in a multi-part operation (KMIP 1.2 on: Init Indicator, Correlation
/// Value, Final Indicator).
enum Part: Equatable {
    /// All the data at once (no indicators, or Init and Final together).
    case whole
    /// The first part: a run begins.
    case first
    /// A later part of the run `correlation` names; the last one when `final`.
    case next(correlation: [UInt8], final: Bool)

    init(correlation: [UInt8]?, initial: Bool?, final: Bool?) throws(OperationError) {
        switch (initial == true, correlation, final == true) {
        case (false, nil, _), (true, nil, true): self = .whole
        case (true, nil, false): self = .first
        case (false, let correlation?, let final): self = .next(correlation: correlation, final: final)
        case (true, _?, _):
            throw OperationError(.invalidField, "an Init Indicator begins a multi-part operation; it cannot come with a Correlation Value")
        }
    }

    /// Whether the request begins a use of the key (for Usage Limits counted in uses).
    var beginsUse: Bool { self == .whole || self == .first }

    /// The request's Data: required when whole, optional in a part.
    func data(_ data: [UInt8]?) throws(OperationError) -> [UInt8] {
        guard let data else {
            if self == .whole { throw OperationError.missing("Data") }
            return []
        }
        return data
    }
}

/// Multi-part cryptography. Encrypt and Decrypt with the block ciphers (AES in ECB, CBC, CTR and
/// GCM; Triple DES): the first part sets the key, parameters, IV and additional data and gets a
/// Correlation Value; each later part names it; the last one (Final Indicator) gets the
/// padding and, for GCM, makes or checks the tag. An answer carries Data only when the cipher
/// gave some (a block mode holds back a partial block). Hash, MAC, MAC Verify, Sign and
/// Signature Verify answer only at the last part. A part may carry no Data; the key must still
/// be usable at every part; Usage Limits count each part's bytes, and one use at the first.
extension CryptoOperations {
    /// One part of a multi-part Encrypt (`part` is not `.whole`).
    static func encryptPart(_ encrypt: EncryptRequest, _ part: Part, with object: StoredObject, context: OperationContext) async throws -> EncryptResponse {
        let key = try blockCipherKey(object, usage: .encrypt, operation: "Encrypt", context: context)
        let data = try part.data(encrypt.data)
        var generatedIV: [UInt8]?
        let result = try await runCipher(part, data: data, operation: .encrypt, object: object, context: context) {
            try await context.consumeUsage(of: object, bytes: data.count, uses: part.beginsUse ? 1 : 0)
        } start: {
            let cipher = try Cipher(parameters(encrypt.cryptographicParameters, object), keyAlgorithm: key.algorithm)
            var iv = encrypt.ivCounterNonce
            if iv == nil, let length = SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) {
                iv = try Random.bytes(length)
                generatedIV = iv
            }
            return try SymmetricCipherStream(encrypting: true, key: key.bytes, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                             iv: iv, additionalData: encrypt.authenticatedEncryptionAdditionalData, tagLength: cipher.tagLength)
        }
        return EncryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: result.data, ivCounterNonce: generatedIV,
                               correlationValue: result.correlation, authenticatedEncryptionTag: result.tag)
    }

    /// One part of a multi-part Decrypt (`part` is not `.whole`).
    static func decryptPart(_ decrypt: DecryptRequest, _ part: Part, with object: StoredObject, context: OperationContext) async throws -> DecryptResponse {
        let key = try blockCipherKey(object, usage: .decrypt, operation: "Decrypt", context: context)
        let result = try await runCipher(part, data: try part.data(decrypt.data), tag: decrypt.authenticatedEncryptionTag, operation: .decrypt,
                                         object: object, context: context) {
            let cipher = try Cipher(parameters(decrypt.cryptographicParameters, object), keyAlgorithm: key.algorithm)
            if decrypt.ivCounterNonce == nil, SymmetricCipher.ivLength(algorithm: cipher.algorithm, mode: cipher.mode) != nil {
                throw OperationError(.invalidMessage, "\(cipher.mode) decryption needs the IV/Counter/Nonce")
            }
            return try SymmetricCipherStream(encrypting: false, key: key.bytes, algorithm: cipher.algorithm, mode: cipher.mode, padding: cipher.padding,
                                             iv: decrypt.ivCounterNonce, additionalData: decrypt.authenticatedEncryptionAdditionalData)
        }
        return DecryptResponse(uniqueIdentifier: object.uniqueIdentifier, data: result.data, correlationValue: result.correlation)
    }

    /// What one part of a cipher run gives: its output (none while a block mode holds back a
    /// partial block), the tag a GCM encryption makes at its last part, and the Correlation
    /// Value to answer (none after the last part).
    struct CipherPart {
        var data: [UInt8]?
        var tag: [UInt8]?
        var correlation: [UInt8]?
    }

    /// Feeds one part to a cipher run `object`'s client keeps for `operation`: `start` makes the
    /// stream at the first part; the last part finishes it (checking `tag` when decrypting GCM);
    /// `consume` counts the part against Usage Limits once the cipher has taken it.
    static func runCipher(
        _ part: Part, data: [UInt8], tag: [UInt8]? = nil, operation: Operation, object: StoredObject, context: OperationContext,
        consume: () async throws -> Void = {}, start: () throws -> SymmetricCipherStream
    ) async throws -> CipherPart {
        let owner = CryptoStreams.Owner(client: context.client, object: object.uniqueIdentifier, operation: operation)
        let run: CryptoStreams.Run
        do {
            switch part {
            case .whole, .first: run = CryptoStreams.Run(stream: try start(), owner: owner)
            case .next(let correlation, _): run = try context.streams.take(correlation, for: owner)
            }
            let stream = try run.stream(as: SymmetricCipherStream.self)
            var output = try stream.update(data)
            var made: [UInt8]?
            if case .next(_, final: true) = part {
                let last = try stream.finish(tag: tag)
                output += last.output
                made = last.tag
            }
            try await consume()
            var correlation: [UInt8]?
            switch part {
            case .whole, .first: correlation = try context.streams.open(run)
            case .next(let value, final: false): context.streams.keep(run, as: value); correlation = value
            case .next(_, final: true): correlation = nil
            }
            return CipherPart(data: output.isEmpty ? nil : output, tag: made, correlation: correlation)
        } catch let error as CryptoError {
            throw failure(error)
        }
    }

    /// The key of a multi-part Encrypt or Decrypt: a symmetric key the client may use for
    /// `usage` now (RSA answers whole requests only; `Cipher` refuses the stream ciphers).
    private static func blockCipherKey(_ object: StoredObject, usage: CryptographicUsageMask, operation: String, context: OperationContext) throws -> (bytes: SecretBytes, algorithm: CryptographicAlgorithm) {
        guard object.objectType == .symmetricKey else {
            throw OperationError(.featureNotSupported, "multi-part \(operation) is offered for block-cipher keys only; send the whole data at once")
        }
        return try symmetricKey(object, usage: usage, operation: operation, context: context)
    }

    /// Where a hash, MAC or signature stands after one request's data.
    enum Digesting<Result> {
        /// A multi-part run goes on under this Correlation Value.
        case open([UInt8])
        /// The data is all in: what `finish` made of the stream.
        case ended(Result)
    }

    /// Feeds one request's data to a hash, MAC or signature: a run of its own when the request
    /// is whole, else a multi-part run. `start` makes the stream (whole request or first part);
    /// `consume` counts the request against Usage Limits once the run is ready; `finish` ends it
    /// when the data is all in, given the MAC or signature to check (the last part's, else the
    /// first part's).
    static func runDigest<Result>(
        _ part: Part, data: [UInt8], owner: CryptoStreams.Owner, expected: [UInt8]?, context: OperationContext,
        consume: () async throws -> Void = {}, start: () throws -> DigestStream,
        finish: (DigestStream, _ expected: [UInt8]?) throws -> Result
    ) async throws -> Digesting<Result> {
        var run: CryptoStreams.Run
        switch part {
        case .whole, .first:
            do { run = CryptoStreams.Run(stream: try start(), owner: owner, expected: expected) } catch let error as CryptoError { throw failure(error) }
        case .next(let correlation, _):
            run = try context.streams.take(correlation, for: owner)
            if let expected { run.expected = expected }
        }
        let stream = try run.stream(as: DigestStream.self)
        try await consume()
        do { try stream.update(data) } catch { throw failure(error) }
        switch part {
        case .whole, .next(_, final: true):
            do { return .ended(try finish(stream, run.expected)) } catch let error as CryptoError { throw failure(error) }
        case .first:
            return .open(try context.streams.open(run))
        case .next(let correlation, final: false):
            context.streams.keep(run, as: correlation)
            return .open(correlation)
        }
    }
}

extension CryptoStreams.Run {
    /// The run's stream as the operation that began it made it.
    func stream<Stream>(as type: Stream.Type) throws(OperationError) -> Stream {
        guard let stream = stream as? Stream else {
            throw OperationError(.generalFailure, "the multi-part \(owner.operation) run holds \(Swift.type(of: stream)), not \(type)")
        }
        return stream
    }
}
