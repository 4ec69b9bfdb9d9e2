import ArgumentParser
import Foundation
import KMIPSpec
import Synchronization
import TTLV
import TTLVText

/// `kmip convert`: converts KMIP messages between the XML, JSON, binary and hex encodings.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert KMIP messages between encodings.",
        discussion: """
            Formats: xml (OASIS XML; several messages in a <KMIP> root), json (OASIS JSON; \
            several messages as an array), ttlv (raw binary, messages back to back), hex \
            (binary in hex, one message per line).

            Test-vector placeholders in binary values are replaced for the binary form: \
            $NOW, $NOW-n and $NOW+n by the time given with --now (default: the current \
            time), and other placeholders in Byte Strings by the UTF-8 bytes of their own \
            text. A note on standard error says how many were replaced. Placeholders in \
            Text Strings are ordinary text and stay as they are.

            Examples:
              kmip convert --from xml --to hex vector.xml
              kmip convert --from hex --to xml messages.hex > vector.xml
              kmip convert --from xml --to json - < request.xml
            """
    )

    @Option(help: "Input format: xml, json, ttlv or hex.")
    var from: MessageFormat

    @Option(help: "Output format: xml, json, ttlv or hex.")
    var to: MessageFormat

    @Option(help: "Time to use for $NOW placeholders: an xsd:dateTime or seconds since 1970.")
    var now: String?

    @Flag(help: "Reject test-vector placeholders in binary values instead of replacing them.")
    var strictPlaceholders = false

    @Argument(help: "Input file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let nowSeconds = try Self.parseNow(now)
        let replaced = Mutex<Int>(0)
        var options = TTLVTextOptions()
        if !strictPlaceholders {
            options.placeholders = .resolve { placeholder throws(TTLVTextError) in
                let value = try PlaceholderPolicy.substitute(now: nowSeconds).value(for: placeholder)
                replaced.withLock { $0 += 1 }
                return value
            }
        }
        let items = try from.read(try readInput(file), options: options)
        writeOutput(try to.write(items))
        let count = replaced.withLock { $0 }
        if count > 0 {
            FileHandle.standardError.write(Data("kmip convert: replaced \(count) placeholder\(count == 1 ? "" : "s") in binary values ($NOW = \(DateTimeText.format(seconds: nowSeconds)))\n".utf8))
        }
    }

    static func parseNow(_ text: String?) throws -> Int64 {
        guard let text else { return Int64(Date().timeIntervalSince1970) }
        if let seconds = Int64(text) ?? DateTimeText.parseSeconds(text) { return seconds }
        throw ValidationError("--now must be an xsd:dateTime such as 2026-01-01T00:00:00Z or seconds since 1970")
    }
}
