public import KMIPSpec
public import TTLV

/// An indented, human-readable tree of a TTLV item with tag names, types and values, for
/// `kmip show` and logs.
///
/// Secret values (key material, private key components, passwords) print as their length
/// only, unless `showSecrets` is set.
public enum TTLVTree {
    /// Tags whose values are secret: key material, private key parts, credentials.
    public static let secretTags: Set<Tag> = [
        .keyMaterial, .privateExponent, .p, .q, .primeExponentP, .primeExponentQ, .crtCoefficient,
        .d, .x, .password,
    ]

    /// Renders `item` and its children, one per line.
    public static func render(_ item: TTLVItem, showSecrets: Bool = false) -> String {
        var out = ""
        render(item, depth: 0, version: ValueText.version(of: item), attributeName: nil, secret: false, showSecrets: showSecrets, into: &out)
        return out
    }

    /// One line for a value: a structure's children as `Name=value` pairs in braces, text
    /// quoted, enumerations and masks by name. Secret values print as `<redacted>`.
    public static func inline(_ item: TTLVItem, attributeName: String? = nil) -> String {
        if secretTags.contains(item.tag) { return "<redacted>" }
        switch item.value {
        case .structure(let children):
            return "{" + children.map { (SpecTable.tag($0.tag)?.name ?? $0.tag.hex) + "=" + inline($0) }.joined(separator: ", ") + "}"
        case .textString(let text):
            return jsonQuote(text)
        default:
            let set = ValueText.valueSet(for: item.tag, attributeName: attributeName)
            return ValueText.format(item.value, set: set, version: nil, flavor: .xml)
        }
    }

    private static func render(
        _ item: TTLVItem, depth: Int, version: KMIPVersion?, attributeName: String?, secret: Bool, showSecrets: Bool,
        into out: inout String
    ) {
        let secret = secret || secretTags.contains(item.tag)
        out += String(repeating: "  ", count: depth) + (SpecTable.tag(item.tag)?.name ?? item.tag.hex)
        guard case .structure(let children) = item.value else {
            out += " (\(item.type.name)): "
            if secret && !showSecrets {
                out += "<redacted>\n"
                return
            }
            let set = ValueText.valueSet(for: item.tag, attributeName: attributeName)
            switch item.value {
            case .textString(let text): out += jsonQuote(text)
            case .byteString(let bytes): out += bytes.isEmpty ? "(empty)" : hexString(bytes) + " (\(bytes.count) bytes)"
            default: out += ValueText.format(item.value, set: set, version: version, flavor: .xml)
            }
            out += "\n"
            return
        }
        out += "\n"
        var siblingAttributeName: String?
        for child in children {
            render(child, depth: depth + 1, version: version, attributeName: siblingAttributeName, secret: secret, showSecrets: showSecrets, into: &out)
            if child.tag == .attributeName, case .textString(let text) = child.value { siblingAttributeName = text }
        }
    }
}
