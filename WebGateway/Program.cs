namespace HomeUniteUs.WebGateway; public partial class Program { public static void Main() { } }
