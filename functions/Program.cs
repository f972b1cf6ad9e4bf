using CreditFunctions.App;

await using var app = CreditFunctionsApp.Build(args);
await app.RunAsync();
