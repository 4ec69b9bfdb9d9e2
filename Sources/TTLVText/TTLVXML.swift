import KMIPSpec
public import TTLV

/// The XML encoding of TTLV (KMIP Additional Message Encodings 1.0 section 6, the format of
/// the OASIS test vectors): `<Tag type="..." value="..."/>`, Structures as nested elements,
/// and `<TTLV tag="0x54XXXX" .../>` for tags the spec table does not name.
public enum TTLVXML {
    /// Element names of a document root that holds several messages.
    public static let containerNames: Set<String> = ["KMIP", "KmipTestCase"]

    /// Reads a document: the children of a `<KMIP>` (or `<KmipTestCase>`) root, in order,
    /// or the root itself when it is an item. Text between elements (`# TIME 0`) is ignored.
    public static func decodeDocument(_ xml: [UInt8], options: TTLVTextOptions = .init()) throws(TTLVTextError) -> [TTLVItem] {
        var reader = XMLItemReader(options: options)
        return try reader.read(xml)
    }

    /// Reads a document that holds exactly one item.
    public static func decode(_ xml: [UInt8], options: TTLVTextOptions = .init()) throws(TTLVTextError) -> TTLVItem {
        let items = try decodeDocument(xml, options: options)
        guard items.count == 1 else {
            throw TTLVTextError(.invalidStructure, reason: "expected one item, found \(items.count)")
        }
        return items[0]
    }

    /// Writes one item as indented XML. Enumeration values and mask bits are written by
    /// name (the names of the message's protocol version), unknown tags in the `TTLV` form.
    public static func encode(_ item: TTLVItem, indent: Int = 0) -> String {
        var writer = XMLItemWriter()
        writer.write(item, depth: indent, version: ValueText.version(of: item), attributeName: nil)
        return writer.output
    }

    /// `text` escaped for an XML attribute value or text node (markup characters, and white
    /// space other than plain spaces, as character references).
    public static func escape(_ text: String) -> String {
        XMLItemWriter.escape(text)
    }

    /// Writes several items inside a `<KMIP>` root.
    public static func encodeDocument(_ items: [TTLVItem]) -> String {
        "<KMIP>\n" + items.map { encode($0, indent: 1) }.joined() + "</KMIP>\n"
    }
}

/// Writes the XML form; escapes attribute text so that any Text String round-trips.
struct XMLItemWriter {
    var output = ""

    mutating func write(_ item: TTLVItem, depth: Int, version: KMIPVersion?, attributeName: String?) {
        output += String(repeating: "  ", count: depth) + "<"
        let definition = SpecTable.tag(item.tag)
        let name = definition?.name ?? "TTLV"
        output += name
        if definition == nil { output += " tag=\"\(item.tag.hex)\"" }
        guard case .structure(let children) = item.value else {
            let set = ValueText.valueSet(for: item.tag, attributeName: attributeName)
            let text = ValueText.format(item.value, set: set, version: version, flavor: .xml)
            output += " type=\"\(item.type.name)\" value=\"\(Self.escape(text))\"/>\n"
            return
        }
        if definition == nil { output += " type=\"Structure\"" }
        if children.isEmpty {
            output += "/>\n"
            return
        }
        output += ">\n"
        var siblingAttributeName: String?
        for child in children {
            write(child, depth: depth + 1, version: version, attributeName: siblingAttributeName)
            if child.tag == .attributeName, case .textString(let text) = child.value { siblingAttributeName = text }
        }
        output += String(repeating: "  ", count: depth) + "</\(name)>\n"
    }

    /// Escapes markup characters, and white space other than plain spaces (which an XML
    /// parser would otherwise normalise to spaces in an attribute value).
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 < 0x20 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case _ where scalar.value < 0x20: out += "&#x\(String(scalar.value, radix: 16));"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
