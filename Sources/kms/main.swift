import KMSCommands

await KMSCommand.runFromCommandLine()
