import KMIPCommandLine

await KMIPCommand.runFromCommandLine()
