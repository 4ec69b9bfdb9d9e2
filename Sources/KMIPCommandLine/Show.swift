import ArgumentParser
import TTLV
import TTLVText

/// `kmip show`: prints KMIP messages as indented trees with tag names.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print KMIP messages as indented trees with tag names.",
        discussion: """
            The input format is detected (binary TTLV, hex, XML or JSON) unless --from says. \
            Key material, private key components and passwords print as <redacted> unless \
            --show-secrets is given.

            Example:
              kmip show request.ttlv
            """
    )

    @Option(help: "Input format: xml, json, ttlv or hex (default: detect).")
    var from: MessageFormat?

    @Flag(help: "Print secret values instead of <redacted>.")
    var showSecrets = false

    @Argument(help: "Input file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        let data = try readInput(file)
        let format = from ?? MessageFormat.detect(data)
        let items = try format.read(data, options: TTLVTextOptions())
        let trees = items.map { TTLVTree.render($0, showSecrets: showSecrets) }
        print(trees.joined(separator: "\n"), terminator: "")
    }
}
