import KMIPSpec
public import TTLV

/// The JSON encoding of TTLV (KMIP Additional Message Encodings 1.0 section 4):
/// `{"tag": "...", "type": "...", "value": ...}`, a Structure's value an array of items.
public enum TTLVJSON {
    /// Reads a document: one item object, or an array of item objects.
    public static func decodeDocument(_ json: [UInt8], options: TTLVTextOptions = .init()) throws(TTLVTextError) -> [TTLVItem] {
        guard json.count <= options.maxDocumentBytes else {
            throw TTLVTextError(.limitExceeded, reason: "the document is \(json.count) bytes; the limit is \(options.maxDocumentBytes)")
        }
        var parser = JSONParser(json, maxDepth: 2 * options.maxDepth + 2)
        let root = try parser.parseDocument()
        var reader = JSONItemReader(options: options)
        if case .array(let elements) = root {
            var items: [TTLVItem] = []
            for (index, element) in elements.enumerated() {
                items.append(try reader.item(element, path: ["[\(index)]"], depth: 1, attributeName: nil))
            }
            return items
        }
        return [try reader.item(root, path: [], depth: 1, attributeName: nil)]
    }

    /// Reads a document that holds exactly one item.
    public static func decode(_ json: [UInt8], options: TTLVTextOptions = .init()) throws(TTLVTextError) -> TTLVItem {
        let items = try decodeDocument(json, options: options)
        guard items.count == 1 else {
            throw TTLVTextError(.invalidStructure, reason: "expected one item, found \(items.count)")
        }
        return items[0]
    }

    /// Writes one item, indented.
    public static func encode(_ item: TTLVItem) -> String {
        var out = ""
        write(item, into: &out, depth: 0, version: ValueText.version(of: item), attributeName: nil)
        return out + "\n"
    }

    /// Writes several items as a JSON array.
    public static func encodeDocument(_ items: [TTLVItem]) -> String {
        var out = "[\n"
        for (index, item) in items.enumerated() {
            out += "  "
            write(item, into: &out, depth: 1, version: ValueText.version(of: item), attributeName: nil)
            out += index + 1 < items.count ? ",\n" : "\n"
        }
        return out + "]\n"
    }

    private static func write(_ item: TTLVItem, into out: inout String, depth: Int, version: KMIPVersion?, attributeName: String?) {
        let tagText = SpecTable.tag(item.tag)?.name ?? item.tag.hex
        out += "{\"tag\": \(jsonQuote(tagText))"
        guard case .structure(let children) = item.value else {
            out += ", \"type\": \"\(item.type.name)\", \"value\": "
            let set = ValueText.valueSet(for: item.tag, attributeName: attributeName)
            out += jsonValue(item.value, set: set, version: version)
            out += "}"
            return
        }
        if children.isEmpty {
            out += ", \"value\": []}"
            return
        }
        out += ", \"value\": [\n"
        var siblingAttributeName: String?
        for (index, child) in children.enumerated() {
            out += String(repeating: "  ", count: depth + 1)
            write(child, into: &out, depth: depth + 1, version: version, attributeName: siblingAttributeName)
            out += index + 1 < children.count ? ",\n" : "\n"
            if child.tag == .attributeName, case .textString(let text) = child.value { siblingAttributeName = text }
        }
        out += String(repeating: "  ", count: depth) + "]}"
    }

    /// Numbers where JSON can hold them exactly; strings otherwise.
    private static func jsonValue(_ value: TTLVValue, set: ValueSetDefinition?, version: KMIPVersion?) -> String {
        switch value {
        case .integer(let number) where set?.kind != .mask: return String(number)
        case .interval(let number): return String(number)
        case .longInteger(let number) where number.magnitude < 1 << 52: return String(number)
        case .longInteger(let number):
            let digits = String(UInt64(bitPattern: number), radix: 16)
            return "\"0x" + String(repeating: "0", count: 16 - digits.count) + digits + "\""
        case .boolean(let flag): return flag ? "true" : "false"
        default: return jsonQuote(ValueText.format(value, set: set, version: version, flavor: .json))
        }
    }
}

/// Builds items from parsed JSON, under the limits of `TTLVTextOptions`.
struct JSONItemReader {
    let options: TTLVTextOptions
    var items = 0

    init(options: TTLVTextOptions) {
        self.options = options
    }

    mutating func item(_ json: JSONValue, path: [String], depth: Int, attributeName: String?) throws(TTLVTextError) -> TTLVItem {
        func fail(_ code: TTLVTextError.Code, _ reason: String) -> TTLVTextError {
            TTLVTextError(code, path: path, reason: reason)
        }
        guard case .object = json else { throw fail(.invalidStructure, "an item must be a JSON object") }
        guard case .string(let tagText)? = json["tag"] else { throw fail(.invalidStructure, "an item needs a string \"tag\"") }
        let here = path + [tagText]
        guard let tag = XMLItemReader.Element.tag(tagText) else {
            throw TTLVTextError(.unknownTag, path: here, reason: "'\(tagText.prefix(80))' is not a KMIP tag name or a hex tag")
        }
        let type: ItemType
        switch json["type"] {
        case nil: type = .structure
        case .string(let name)?:
            guard let known = ItemType(name: name) else { throw TTLVTextError(.unknownType, path: here, reason: "'\(name.prefix(40))' is not a KMIP item type") }
            type = known
        default: throw TTLVTextError(.invalidStructure, path: here, reason: "\"type\" must be a string")
        }
        items += 1
        guard items <= options.maxItems else { throw TTLVTextError(.limitExceeded, path: here, reason: "more than \(options.maxItems) items") }
        if type == .structure {
            guard depth <= options.maxDepth else { throw TTLVTextError(.limitExceeded, path: here, reason: "structures nest deeper than \(options.maxDepth)") }
            var children: [TTLVItem] = []
            switch json["value"] {
            case nil, .null?: break
            case .array(let elements)?:
                var siblingAttributeName: String?
                for element in elements {
                    let child = try item(element, path: here, depth: depth + 1, attributeName: siblingAttributeName)
                    if child.tag == .attributeName, case .textString(let text) = child.value { siblingAttributeName = text }
                    children.append(child)
                }
            default: throw TTLVTextError(.invalidStructure, path: here, reason: "a Structure's value must be an array")
            }
            return TTLVItem(tag: tag, .structure(children))
        }
        let text: String
        var isNumber = false
        switch json["value"] {
        case .string(let string)?: text = string
        case .number(let number)?: text = number; isNumber = true
        case .bool(let flag)? where type == .boolean: text = flag ? "true" : "false"
        default: throw TTLVTextError(.invalidStructure, path: here, reason: "a \(type) needs a string or number value")
        }
        if isNumber, type == .textString || type == .byteString || type == .dateTime || type == .dateTimeExtended {
            throw TTLVTextError(.invalidValue, path: here, reason: "a \(type) value must be a string")
        }
        do {
            let set = ValueText.valueSet(for: tag, attributeName: attributeName)
            return TTLVItem(tag: tag, try ValueText.parse(text, as: type, tag: tag, set: set, flavor: .json, isNumber: isNumber, placeholders: options.placeholders))
        } catch {
            throw TTLVTextError(error.code, path: here, reason: error.reason)
        }
    }
}
