import KMIPSpec
import TTLV

/// The text forms of TTLV values shared by the XML and JSON encodings (KMIP Additional
/// Message Encodings 1.0, sections 4.1.6 and 6.1.6).
enum ValueText {
    /// The two encodings differ in a few details.
    enum Flavor {
        case xml
        case json

        /// Mask components are separated by spaces in XML and `|` in JSON.
        var maskSeparator: String { self == .xml ? " " : "|" }
    }

    /// The enumeration or mask whose names an item's value uses: the tag's own, or for a
    /// 1.x Attribute Value, the set of the attribute its sibling Attribute Name names.
    static func valueSet(for tag: Tag, attributeName: String?) -> ValueSetDefinition? {
        if tag == .attributeValue, let attributeName {
            return SpecTable.tag(named: attributeName)?.valueSet
        }
        return SpecTable.tag(tag)?.valueSet
    }

    // MARK: - Reading

    /// Parses the text of a value. `isNumber` says the text was a JSON number token.
    static func parse(
        _ text: String, as type: ItemType, tag: Tag, set: ValueSetDefinition?, flavor: Flavor,
        isNumber: Bool = false, placeholders: PlaceholderPolicy
    ) throws(TTLVTextError) -> TTLVValue {
        if type != .textString, !isNumber, Placeholder.isPlaceholder(text) {
            return try placeholders.value(for: Placeholder(text: text, tag: tag, type: type))
        }
        func invalid(_ what: String) -> TTLVTextError {
            TTLVTextError(.invalidValue, reason: "'\(text.prefix(80))' is not \(what)")
        }
        switch type {
        case .structure:
            throw TTLVTextError(.invalidStructure, reason: "a Structure has no value")
        case .integer:
            if let value = Int32(text) { return .integer(value) }
            if let bits = hexNumber(text, width: 8) { return .integer(Int32(bitPattern: UInt32(bits))) }
            if let set, set.kind == .mask, !isNumber { return .integer(Int32(bitPattern: try mask(text, set: set, flavor: flavor))) }
            throw invalid("an Integer")
        case .longInteger:
            if let value = Int64(text) { return .longInteger(value) }
            if let bits = hexNumber(text, width: 16) { return .longInteger(Int64(bitPattern: bits)) }
            throw invalid("a Long Integer")
        case .bigInteger:
            if isNumber {
                guard let bytes = decimalToTwosComplement(text) else { throw invalid("a Big Integer") }
                return .bigInteger(BigInteger(bytes: bytes))
            }
            let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : text[...]
            guard !digits.isEmpty, let bytes = hexBytes((digits.utf8.count % 2 == 0 ? digits : "0" + digits).utf8) else {
                throw invalid("a hex Big Integer")
            }
            return .bigInteger(BigInteger(bytes: bytes))
        case .enumeration:
            if let value = UInt32(text) { return .enumeration(value) }
            if let bits = hexNumber(text, width: 8) { return .enumeration(UInt32(bits)) }
            guard let set else {
                throw TTLVTextError(.unknownName, reason: "'\(text.prefix(80))' is not a hex value, and the spec table has no enumeration for \(tag)")
            }
            guard let value = set.value(named: text) else {
                throw TTLVTextError(.unknownName, reason: "'\(text.prefix(80))' is not a value of \(set.name)")
            }
            return .enumeration(value.value)
        case .boolean:
            switch text {
            case "true", "1": return .boolean(true)
            case "false", "0": return .boolean(false)
            default:
                if let bits = hexNumber(text, width: 16), bits <= 1 { return .boolean(bits == 1) }
                throw invalid("a Boolean")
            }
        case .textString:
            return .textString(text)
        case .byteString:
            guard text.utf8.count % 2 == 0, let bytes = hexBytes(text.utf8) else { throw invalid("hex bytes") }
            return .byteString(bytes)
        case .dateTime:
            if let seconds = DateTimeText.parseSeconds(text) { return .dateTime(seconds) }
            if let bits = hexNumber(text, width: 16) { return .dateTime(Int64(bitPattern: bits)) }
            throw invalid("an xsd:dateTime")
        case .interval:
            if let value = UInt32(text) { return .interval(value) }
            if let bits = hexNumber(text, width: 8) { return .interval(UInt32(bits)) }
            throw invalid("an Interval")
        case .dateTimeExtended:
            if let micros = DateTimeText.parseMicroseconds(text) { return .dateTimeExtended(micros) }
            if let bits = hexNumber(text, width: 16) { return .dateTimeExtended(Int64(bitPattern: bits)) }
            throw invalid("an xsd:dateTime")
        }
    }

    /// A mask written as components: names of the set's bits and hex values, separated by
    /// white space (XML) or `|` (JSON; white space is accepted there too).
    static func mask(_ text: String, set: ValueSetDefinition, flavor: Flavor) throws(TTLVTextError) -> UInt32 {
        let components = text.split(whereSeparator: { $0 == "|" || $0.isWhitespace })
        guard !components.isEmpty else { throw TTLVTextError(.invalidValue, reason: "an empty \(set.name)") }
        var value: UInt32 = 0
        for component in components {
            if let bits = hexNumber(component, width: 8) {
                value |= UInt32(bits)
            } else if let bit = set.value(named: component) {
                value |= bit.value
            } else {
                throw TTLVTextError(.unknownName, reason: "'\(component.prefix(80))' is not a bit of \(set.name)")
            }
        }
        return value
    }

    /// `0x` and 1 to `width` hex digits. (The encodings ask for exactly `width` digits;
    /// shorter forms appear in the specification's own examples, so they are accepted.)
    static func hexNumber(_ text: some StringProtocol, width: Int) -> UInt64? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard (1...width).contains(digits.count) else { return nil }
        return UInt64(digits, radix: 16)
    }

    /// A decimal integer of any size as minimal two's complement bytes.
    static func decimalToTwosComplement(_ text: String) -> [UInt8]? {
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : text[...]
        guard !digits.isEmpty, digits.utf8.count <= 4096, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var magnitude: [UInt8] = [0]  // big-endian
        for digit in digits.utf8 {
            var carry = UInt16(digit - 0x30)
            for index in magnitude.indices.reversed() {
                let value = UInt16(magnitude[index]) * 10 + carry
                magnitude[index] = UInt8(value & 0xFF)
                carry = value >> 8
            }
            if carry > 0 { magnitude.insert(UInt8(carry), at: 0) }
        }
        if magnitude[0] & 0x80 != 0 { magnitude.insert(0, at: 0) }
        guard negative else { return magnitude }
        var borrow = true
        for index in magnitude.indices.reversed() {
            magnitude[index] = ~magnitude[index]
            if borrow {
                magnitude[index] &+= 1
                borrow = magnitude[index] == 0
            }
        }
        return magnitude
    }

    // MARK: - Writing

    /// The text of a value (not a Structure), as the XML encoding writes it.
    static func format(_ value: TTLVValue, set: ValueSetDefinition?, version: KMIPVersion?, flavor: Flavor) -> String {
        switch value {
        case .structure: ""
        case .integer(let value):
            if let set, set.kind == .mask {
                SpecTable.maskText(UInt32(bitPattern: value), set: set, separator: flavor.maskSeparator)
            } else {
                String(value)
            }
        case .longInteger(let value): String(value)
        case .bigInteger(let value): (flavor == .json ? "0x" : "") + hexString(value.paddedBytes)
        case .enumeration(let value): set?.value(value, in: version)?.name ?? hex8(value)
        case .boolean(let value): value ? "true" : "false"
        case .textString(let value): value
        case .byteString(let value): hexString(value)
        case .dateTime(let value): DateTimeText.format(seconds: value)
        case .interval(let value): String(value)
        case .dateTimeExtended(let value): DateTimeText.format(microseconds: value)
        }
    }

    /// The protocol version a message's header declares, if it has one.
    static func version(of message: TTLVItem) -> KMIPVersion? {
        let header = message[.requestHeader] ?? message[.responseHeader]
        guard let protocolVersion = header?[.protocolVersion],
              case .integer(let major)? = protocolVersion[.protocolVersionMajor]?.value,
              case .integer(let minor)? = protocolVersion[.protocolVersionMinor]?.value
        else { return nil }
        return KMIPVersion(major, minor)
    }
}
