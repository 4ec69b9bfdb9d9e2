import KMIPSpec
import TTLV
import TTLVText

/// What the comparator reads from items: operations, texts, dates, attribute names, and
/// whether a cryptographic output may vary.
extension ResponseComparator {
    /// Whether Data, IV, signatures and MACs may differ for this item (4.1.1: the key was
    /// server-generated, or the operation is not deterministic).
    func outputsVary(_ context: Context, requestPayload: TTLVItem?, bindings: Bindings) -> Bool {
        guard let operation = context.operation else { return false }
        if operation == .rngRetrieve { return true }
        let parameters = requestPayload?[.cryptographicParameters] ?? context.subject.flatMap { bindings.parameters[$0] }
        let padding = parameters?[.paddingMethod].flatMap { item -> UInt32? in if case .enumeration(let raw) = item.value { raw } else { nil } }
        switch operation {
        case .encrypt:
            if context.generatedKey { return true }
            if padding == PaddingMethod.oaep.rawValue || padding == PaddingMethod.pkcs1V1_5.rawValue { return true }
            if case .boolean(true)? = parameters?[.randomIV]?.value { return true }
            if let mode = parameters?[.blockCipherMode], requestPayload?[.ivCounterNonce] == nil,
               mode.value != .enumeration(BlockCipherMode.ecb.rawValue) { return true }
            return false
        case .sign:
            return context.generatedKey || padding == PaddingMethod.pss.rawValue
        case .mac:
            return context.generatedKey
        case .decrypt:
            // Only when the harness could not send this server's own ciphertext.
            guard context.generatedKey, let data = requestPayload?[.data]?.value else { return false }
            return !bindings.literals.values.contains(data)
        default:
            return false
        }
    }

    func mismatch(_ kind: Mismatch.Kind, _ path: [String], _ reason: String, _ expected: TTLVItem?, _ actual: TTLVItem?) -> Mismatch {
        Mismatch(kind, path: path, reason: reason, expected: expected.map(marks.readable), actual: actual)
    }

    /// The tag an item stands for: its own, or for a 1.x Attribute Value the tag its
    /// Attribute Name names.
    static func effectiveTag(_ tag: Tag, attributeName: String?) -> Tag {
        guard tag == .attributeValue, let attributeName, let named = SpecTable.tag(named: attributeName) else { return tag }
        return named.tag
    }

    static func operation(of batchItem: TTLVItem) -> Operation? {
        if case .enumeration(let raw)? = batchItem[.operation]?.value { return Operation(rawValue: raw) }
        return nil
    }

    static func text(_ item: TTLVItem?) -> String? {
        if case .textString(let text)? = item?.value { return text }
        return nil
    }

    static func seconds(_ value: TTLVValue) -> Int64? {
        switch value {
        case .dateTime(let seconds): seconds
        case .dateTimeExtended(let micros): micros / 1_000_000
        default: nil
        }
    }

    static func byteCount(_ value: TTLVValue) -> Int? {
        if case .byteString(let bytes) = value { return bytes.count }
        return nil
    }

    /// Whether both values are DER structures (a SEQUENCE) of nearly the same length: a
    /// generated private key in PKCS#1 or PKCS#8, whose integers take a byte more or less as
    /// their top bit falls (up to eight of them, in an RSA key).
    static func similarDER(_ expected: TTLVValue, _ actual: TTLVValue) -> Bool {
        guard case .byteString(let recorded) = expected, case .byteString(let received) = actual,
              recorded.first == 0x30, received.first == 0x30 else { return false }
        return abs(recorded.count - received.count) <= 8
    }

    static func timeStamp(of message: TTLVItem) -> Int64? {
        message[.responseHeader]?[.timeStamp].flatMap { seconds($0.value) }
    }

    /// The first Cryptographic Parameters in a request payload's attributes (2.x structure or
    /// 1.x Attribute), which Encrypt, Sign and friends use when the request names none.
    static func cryptographicParameters(in item: TTLVItem) -> TTLVItem? {
        if item.tag == .cryptographicParameters { return item }
        if item.tag == .attribute, attributeName(of: item) == "Cryptographic Parameters", let value = item[.attributeValue] {
            return TTLVItem(tag: .cryptographicParameters, value.value)
        }
        for child in item.children {
            if let found = cryptographicParameters(in: child) { return found }
        }
        return nil
    }

    static func attributeName(of item: TTLVItem) -> String? {
        text(item[.attributeName])
    }

    static func label(_ item: TTLVItem) -> String {
        attributeName(of: item).map { "\(item.tag) '\($0)'" } ?? item.tag.description
    }

    /// "OperationFailed ItemNotFound: message" for a failed batch item.
    static func failureText(_ item: TTLVItem) -> String? {
        guard case .enumeration(let raw)? = item[.resultStatus]?.value, raw != ResultStatus.success.rawValue else { return nil }
        var text = ResultStatus(rawValue: raw).description
        if case .enumeration(let reason)? = item[.resultReason]?.value { text += " " + ResultReason(rawValue: reason).description }
        if let message = Self.text(item[.resultMessage]) { text += ": " + message }
        return text
    }
}
