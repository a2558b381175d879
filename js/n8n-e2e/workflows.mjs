// The workflows the test imports into n8n: Manual Trigger → Code (items with a
// device id) → SparkBot WhatsApp: Scan QR, the device taken from each item by
// an expression.
export const CREDENTIAL_ID = 'sparkbotMockCred1';

function workflow(id, name, devices, { encoding, onError }) {
  const scan = {
    id: `${id}-scan`,
    name: 'SparkBot WhatsApp',
    type: 'CUSTOM.sparkBotWhatsApp',
    typeVersion: 1,
    position: [660, 300],
    parameters: { resource: 'whatsappSession', operation: 'scanQr', device: '={{ $json.device }}', encoding },
    credentials: { sparkBotApi: { id: CREDENTIAL_ID, name: 'SparkBot mock' } },
  };
  if (onError) scan.onError = onError;
  return {
    id,
    name,
    active: false,
    nodes: [
      { id: `${id}-trigger`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [220, 300], parameters: {} },
      {
        id: `${id}-code`,
        name: 'Devices',
        type: 'n8n-nodes-base.code',
        typeVersion: 2,
        position: [440, 300],
        parameters: { jsCode: `return ${JSON.stringify(devices)}.map((device) => ({ json: { device } }));` },
      },
      scan,
    ],
    connections: {
      'Manual Trigger': { main: [[{ node: 'Devices', type: 'main', index: 0 }]] },
      Devices: { main: [[{ node: 'SparkBot WhatsApp', type: 'main', index: 0 }]] },
    },
    settings: {},
    pinData: {},
  };
}

export function workflows({ pending, fresh, online }) {
  return {
    scan: workflow('SparkbotScanQr01', 'Scan QR (image)', [pending, fresh], { encoding: 'image' }),
    continueOnFail: workflow('SparkbotContFail', 'Scan QR, continue on fail', [pending, online], { encoding: 'uri', onError: 'continueRegularOutput' }),
    failing: workflow('SparkbotFailRun1', 'Scan QR, failing', [pending, online], { encoding: 'uri' }),
  };
}

export function credential(baseUrl, apiKey) {
  return [{ id: CREDENTIAL_ID, name: 'SparkBot mock', type: 'sparkBotApi', data: { baseUrl, apiKey } }];
}
