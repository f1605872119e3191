import * as Network from 'expo-network'

/**
 * Calls `onChange` with the device's connectivity now and on every change (iOS, Android).
 * Returns the function that stops watching.
 */
export function watchConnectivity(onChange: (online: boolean) => void): () => void {
  const report = (state: Network.NetworkState) =>
    onChange(state.isConnected !== false && state.isInternetReachable !== false)
  void Network.getNetworkStateAsync().then(report, () => {})
  const subscription = Network.addNetworkStateListener(report)
  return () => subscription.remove()
}
