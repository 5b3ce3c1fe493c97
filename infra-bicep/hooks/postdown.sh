#!/bin/sh
# azd's postdown hook: the environment's resources are gone, so its IoT Hub answers are stale. The next preprovision asks
# Azure again anyway (iothub-state.sh); clearing them here keeps `azd env get-values` truthful in between.
set -eu
azd env set YUNBAO_IOTHUB_EXISTS false
azd env set YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE false
echo "iothub: cleared YUNBAO_IOTHUB_EXISTS / YUNBAO_IOTHUB_HAS_EVENTGRID_ROUTE after azd down"
