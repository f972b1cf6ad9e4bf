using CreditFunctions.LocalHost;

await using var app = CreditFunctionsApp.Build(args);
await app.RunAsync();
