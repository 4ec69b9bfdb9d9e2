internal import KMIPSpec
internal import TTLV

// Shared by the payloads of the cryptographic operations (Encrypt, Decrypt, Sign, Signature
// Verify, MAC, MAC Verify, Hash, PKCS#11).

/// Throws `notInVersion` when `operation` is not defined in `version`, so its payloads cannot
/// be written (e.g. PKCS#11 at 1.4, Hash at 1.1).
func checkOperation(_ operation: Operation, in version: KMIPVersion) throws(KMIPError) {
    _ = try operation.ttlv(.operation, version: version)
}

/// The description of a payload or a nested value: its fields that are present, by name.
///
/// Byte strings (data, signatures, MACs, IVs, tags, correlation values, PKCS#11 parameters)
/// show only their length, and kept unknown items only their count, so that neither key
/// material nor data ever reaches a log.
func redactedDescription(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    let fields = mirror.children.compactMap { child -> String? in
        guard let label = child.label, let text = redactedField(child.value) else { return nil }
        return "\(label): \(text)"
    }
    return "\(mirror.subjectType)(\(fields.joined(separator: ", ")))"
}

/// One field's text for `redactedDescription`, or `nil` for an absent field.
private func redactedField(_ value: Any) -> String? {
    let mirror = Mirror(reflecting: value)
    if mirror.displayStyle == .optional {
        guard let wrapped = mirror.children.first?.value else { return nil }
        return redactedField(wrapped)
    }
    switch value {
    // An empty array casts to any array type, so the unknown items are matched by exact type.
    case let items as [TTLVItem] where type(of: value) == [TTLVItem].self:
        return items.isEmpty ? nil : "\(items.count) unknown items"
    case let bytes as [UInt8]: return "\(bytes.count) bytes"
    case let item as TTLVItem: return "\(item.tag) item"
    case let text as String: return "\"\(text)\""
    case let value as any CustomStringConvertible: return value.description
    default: return redactedDescription(value)
    }
}
