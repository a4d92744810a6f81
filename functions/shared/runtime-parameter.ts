/**
 * An SSM parameter's value, read with the SSM client Lambda's runtime provides
 * (see RUNTIME_MODULES in infra/bundling.ts): collect and forms need one secret,
 * the edge's, and only behind the edge. The client is imported here, on the
 * first request, so a reader's cold start never loads it.
 */
export async function readRuntimeParameter(name: string): Promise<string> {
  const { GetParameterCommand, SSMClient } = await import('@aws-sdk/client-ssm');
  const answer = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = answer.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}
