internal import CLibXML2
import KMIPSpec
import TTLV

/// Builds `TTLVItem`s from XML with libxml2's pull reader, under the limits of
/// `TTLVTextOptions`. DTDs and entity references are refused outright (no XXE, no entity
/// expansion), and the parser never touches the network.
struct XMLItemReader {
    let options: TTLVTextOptions
    var items = 0
    /// Whether the root is a `<KMIP>` container whose children are the results.
    var rootIsContainer = false

    /// An open element: a Structure being filled, or the `<KMIP>` container.
    struct Frame {
        var name: String
        var tag: Tag
        var children: [TTLVItem] = []
        /// The value of the last Attribute Name child, for naming a 1.x Attribute Value.
        var attributeName: String?
    }

    init(options: TTLVTextOptions) {
        self.options = options
    }

    mutating func read(_ xml: [UInt8]) throws(TTLVTextError) -> [TTLVItem] {
        guard xml.count <= options.maxDocumentBytes else {
            throw TTLVTextError(.limitExceeded, reason: "the document is \(xml.count) bytes; the limit is \(options.maxDocumentBytes)")
        }
        guard xml.count <= Int(Int32.max) else {
            throw TTLVTextError(.limitExceeded, reason: "the document is too large for the XML parser")
        }
        let reader: xmlTextReaderPtr? = xml.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    xmlReaderForMemory($0, Int32(buffer.count), nil, nil, kmip_xml_safe_parse_options())
                }
            } ?? xmlReaderForMemory("", 0, nil, nil, kmip_xml_safe_parse_options())
        }
        guard let reader else { throw TTLVTextError(.malformed, reason: "libxml2 could not start a reader") }
        defer { xmlFreeTextReader(reader) }
        // The buffer must outlive the reader: keep `xml` alive until the walk ends.
        return try withExtendedLifetime(xml) { () throws(TTLVTextError) in try walk(reader) }
    }

    private mutating func walk(_ reader: xmlTextReaderPtr) throws(TTLVTextError) -> [TTLVItem] {
        var stack: [Frame] = []
        var results: [TTLVItem] = []
        var sawRoot = false

        /// The line of the current node (the parser's own position runs ahead of it).
        func line() -> Int {
            let node = Int(xmlGetLineNo(xmlTextReaderCurrentNode(reader)))
            return node > 0 ? node : Int(xmlTextReaderGetParserLineNumber(reader))
        }
        func fail(_ code: TTLVTextError.Code, _ reason: String) -> TTLVTextError {
            TTLVTextError(code, line: line(), path: stack.map(\.name), reason: reason)
        }

        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { break }
            guard status == 1 else { throw fail(.malformed, Self.lastError() ?? "the XML is not well-formed") }
            let nodeType = xmlTextReaderNodeType(reader)
            switch nodeType {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let name = Self.string(xmlTextReaderConstLocalName(reader)) ?? ""
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                guard stack.count < options.maxDepth else {
                    throw fail(.limitExceeded, "elements nest deeper than \(options.maxDepth)")
                }
                if !sawRoot {
                    sawRoot = true
                    if TTLVXML.containerNames.contains(name) {
                        rootIsContainer = true
                        if isEmpty { return [] }
                        stack.append(Frame(name: name, tag: Tag(rawValue: 0)))
                        continue
                    }
                }
                let attributes = Self.attributes(reader)
                let parentAttributeName = stack.last?.attributeName
                let element: Element
                do {
                    element = try Element(name: name, attributes: attributes)
                } catch {
                    throw fail(error.code, error.reason)
                }
                items += 1
                guard items <= options.maxItems else { throw fail(.limitExceeded, "more than \(options.maxItems) items") }
                if element.type == .structure {
                    guard element.value == nil else {
                        throw fail(.invalidStructure, "a Structure has no value attribute")
                    }
                    let frame = Frame(name: name, tag: element.tag)
                    if isEmpty {
                        try finish(TTLVItem(tag: element.tag, .structure([])), into: &stack, results: &results)
                    } else {
                        stack.append(frame)
                    }
                } else {
                    guard let text = element.value else {
                        throw fail(.invalidStructure, "a \(element.type) needs a value attribute")
                    }
                    guard isEmpty else { throw fail(.invalidStructure, "a \(element.type) cannot contain elements") }
                    let value: TTLVValue
                    do {
                        let set = ValueText.valueSet(for: element.tag, attributeName: parentAttributeName)
                        value = try ValueText.parse(text, as: element.type, tag: element.tag, set: set, flavor: .xml, placeholders: options.placeholders)
                    } catch {
                        throw TTLVTextError(error.code, line: line(), path: stack.map(\.name) + [name], reason: error.reason)
                    }
                    try finish(TTLVItem(tag: element.tag, value), into: &stack, results: &results)
                }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                guard let frame = stack.popLast() else { throw fail(.malformed, "unbalanced end element") }
                if rootIsContainer && stack.isEmpty { continue }
                try finish(TTLVItem(tag: frame.tag, .structure(frame.children)), into: &stack, results: &results)
            case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue), Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue),
                 Int32(XML_READER_TYPE_ENTITY.rawValue):
                throw fail(.malformed, "DTDs and entity references are not accepted")
            default:
                continue  // text such as "# TIME 0", comments, white space, processing instructions
            }
        }
        guard sawRoot else { throw TTLVTextError(.malformed, reason: "the document has no root element") }
        return results
    }

    /// Adds a completed item to its parent, or to the results at the top level; keeps the
    /// Attribute Name context.
    private func finish(_ item: TTLVItem, into stack: inout [Frame], results: inout [TTLVItem]) throws(TTLVTextError) {
        if stack.isEmpty || (stack.count == 1 && rootIsContainer) {
            results.append(item)
            return
        }
        let last = stack.count - 1
        stack[last].children.append(item)
        if item.tag == .attributeName, case .textString(let text) = item.value {
            stack[last].attributeName = text
        }
    }

    /// One element's name and attributes, resolved to a tag and a type.
    struct Element {
        var tag: Tag
        var type: ItemType
        var value: String?

        init(name: String, attributes: [(String, String)]) throws(TTLVTextError) {
            var tagText = name
            var typeText: String?
            for (key, text) in attributes {
                switch key {
                case "type": typeText = text
                case "value": value = text
                case "tag" where name == "TTLV": tagText = text
                default: continue  // "name" (informational), namespace declarations
                }
            }
            if name == "TTLV" && tagText == "TTLV" {
                throw TTLVTextError(.invalidStructure, reason: "a TTLV element needs a tag attribute")
            }
            guard let tag = Self.tag(tagText) else {
                throw TTLVTextError(.unknownTag, reason: "'\(tagText.prefix(80))' is not a KMIP tag name or a hex tag")
            }
            self.tag = tag
            guard let type = typeText.map({ ItemType(name: $0) }) ?? .structure else {
                throw TTLVTextError(.unknownType, reason: "'\(typeText?.prefix(40) ?? "")' is not a KMIP item type")
            }
            self.type = type
        }

        /// A normalised tag name, `0x42XXXX`, or the `x42XXXX` element-name form.
        static func tag(_ text: String) -> Tag? {
            if let definition = SpecTable.tag(named: text) { return definition.tag }
            var digits = Substring(text)
            if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
                digits = digits.dropFirst(2)
            } else if digits.hasPrefix("x") {
                digits = digits.dropFirst()
            } else {
                return nil
            }
            guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
            return Tag(rawValue: value)
        }
    }

    private static func attributes(_ reader: xmlTextReaderPtr) -> [(String, String)] {
        var result: [(String, String)] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return result }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            result.append((string(xmlTextReaderConstLocalName(reader)) ?? "", string(xmlTextReaderConstValue(reader)) ?? ""))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func lastError() -> String? {
        guard let error = xmlGetLastError(), let message = error.pointee.message else { return nil }
        let text = String(cString: message).split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? nil : text
    }
}
