import ArgumentParser
import Foundation
import KMIPSpec
import TTLV
import TTLVText

/// The encodings `kmip convert` and `kmip show` read and write.
enum MessageFormat: String, CaseIterable, ExpressibleByArgument {
    /// The OASIS XML encoding; several messages sit in a `<KMIP>` root.
    case xml
    /// The OASIS JSON encoding; several messages form an array.
    case json
    /// Raw binary TTLV; several messages follow each other.
    case ttlv
    /// Binary TTLV in hex, one message per line.
    case hex

    /// Guesses the format of `data` from its first bytes.
    static func detect(_ data: [UInt8]) -> MessageFormat {
        guard let first = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }) else { return .hex }
        switch first {
        case UInt8(ascii: "<"): return .xml
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .json
        case 0x42, 0x54: return data.first == first ? .ttlv : .hex
        default: return .hex
        }
    }

    /// Reads every message in `data`.
    func read(_ data: [UInt8], options: TTLVTextOptions) throws -> [TTLVItem] {
        switch self {
        case .xml: return try TTLVXML.decodeDocument(data, options: options)
        case .json: return try TTLVJSON.decodeDocument(data, options: options)
        case .ttlv: return try Self.readBinary(data)
        case .hex:
            var digits = data.filter { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }[...]
            if digits.starts(with: Array("0x".utf8)) { digits = digits.dropFirst(2) }
            guard let bytes = hexBytes(digits) else {
                throw CommandError("the input is not hex: expected pairs of hex digits")
            }
            return try Self.readBinary(bytes)
        }
    }

    private static func readBinary(_ bytes: [UInt8]) throws -> [TTLVItem] {
        guard !bytes.isEmpty else { throw CommandError("the input is empty") }
        return try TTLVFramer.split(bytes).map { try TTLVDecoder.decodeMessage(Array(bytes[$0])) }
    }

    /// Writes `items` in this format.
    func write(_ items: [TTLVItem]) throws -> [UInt8] {
        switch self {
        case .xml:
            return Array((items.count == 1 ? TTLVXML.encode(items[0]) : TTLVXML.encodeDocument(items)).utf8)
        case .json:
            return Array((items.count == 1 ? TTLVJSON.encode(items[0]) : TTLVJSON.encodeDocument(items)).utf8)
        case .ttlv:
            return try items.flatMap { try TTLVEncoder.encode($0) }
        case .hex:
            return Array(try items.map { try hexString(TTLVEncoder.encode($0)) + "\n" }.joined().utf8)
        }
    }
}

/// A failure to report on one line, with a non-zero exit.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads a file, or standard input for `-`.
func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" {
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandError("cannot read \(path)")
    }
    return Array(data)
}

/// Writes bytes to standard output.
func writeOutput(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes))
}
