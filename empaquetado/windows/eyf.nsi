; Windows installer for EyF (NSIS 3, Modern UI 2, Spanish).
;
; Per-user: installs into %LOCALAPPDATA%\Programs\EyF without administrator
; rights, adds a Start-menu shortcut (and one for the support self-check), an
; optional desktop shortcut and an entry in "Aplicaciones instaladas". The
; uninstaller removes only the program's own files: the user's data
; (%LOCALAPPDATA%\EyF, or "datos" beside a portable copy) is never touched.
; Installing a newer version over an older one replaces the program files and
; keeps the data (the program migrates its database when it next opens).
;
; Built by empaquetado/windows/instalador.py, which passes:
;   NOMBRE, NOMBRE_COMPLETO, VERSION, VERSION_WIN (x.y.z.0), EDITOR,
;   CARPETA (the PyInstaller one-folder build), SALIDA (the installer .exe)
;   and, optionally, ICONO (.ico) and PANEL (164x314 .bmp of the first and
;   last pages).

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!define CLAVE_PROGRAMA "Software\${NOMBRE}"
!define CLAVE_DESINSTALAR "Software\Microsoft\Windows\CurrentVersion\Uninstall\${NOMBRE}"
!define DESINSTALADOR "desinstalar.exe"
!define ACCESO "$SMPROGRAMS\${NOMBRE}.lnk"
!define ACCESO_DIAGNOSTICO "$SMPROGRAMS\Diagnóstico de ${NOMBRE}.lnk"
!define ACCESO_ESCRITORIO "$DESKTOP\${NOMBRE}.lnk"

Name "${NOMBRE}"
Caption "Instalar ${NOMBRE} ${VERSION}"
UninstallCaption "Desinstalar ${NOMBRE}"
OutFile "${SALIDA}"
InstallDir "$LOCALAPPDATA\Programs\${NOMBRE}"
InstallDirRegKey HKCU "${CLAVE_PROGRAMA}" "Carpeta"
BrandingText "${NOMBRE} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION_WIN}"
VIFileVersion "${VERSION_WIN}"
VIAddVersionKey /LANG=1034 "ProductName" "${NOMBRE}"
VIAddVersionKey /LANG=1034 "FileDescription" "Instalador de ${NOMBRE_COMPLETO}"
VIAddVersionKey /LANG=1034 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1034 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1034 "CompanyName" "${EDITOR}"
VIAddVersionKey /LANG=1034 "LegalCopyright" "${EDITOR}"

!ifdef ICONO
  !define MUI_ICON "${ICONO}"
  !define MUI_UNICON "${ICONO}"
!endif
!ifdef PANEL
  !define MUI_WELCOMEFINISHPAGE_BITMAP "${PANEL}"
  !define MUI_UNWELCOMEFINISHPAGE_BITMAP "${PANEL}"
!endif
!define MUI_ABORTWARNING
!define MUI_ABORTWARNING_TEXT "¿Cancelar la instalación de ${NOMBRE}? No se cambió nada de sus datos."

!define MUI_WELCOMEPAGE_TITLE "Instalar ${NOMBRE} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Este asistente instala ${NOMBRE_COMPLETO} para su usuario de Windows. No necesita permisos de administrador.$\r$\n$\r$\nSi ya tiene ${NOMBRE}, se actualiza el programa y sus datos (capturas, respaldos, llaves de firma) quedan como están.$\r$\n$\r$\nCierre ${NOMBRE} si está abierto y pulse Siguiente."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${NOMBRE} quedó instalado"
!define MUI_FINISHPAGE_TEXT "Lo encuentra en el menú Inicio como «${NOMBRE}».$\r$\n$\r$\nSi el soporte técnico se lo pide, abra «Diagnóstico de ${NOMBRE}» en el mismo menú y lea lo que aparece."
!define MUI_FINISHPAGE_RUN "$INSTDIR\eyf.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Abrir ${NOMBRE} ahora"
; The "show readme" box, repurposed: a desktop shortcut (checked by default).
!define MUI_FINISHPAGE_SHOWREADME ""
!define MUI_FINISHPAGE_SHOWREADME_TEXT "Poner un acceso directo en el escritorio"
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION AccesoEscritorio
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "Se quitará el programa ${NOMBRE} de esta computadora. Sus datos (capturas, respaldos, llaves de firma y paquetes) NO se borran: quedan en $LOCALAPPDATA\${NOMBRE}."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Spanish"

; The program must be closed: its files cannot be replaced while it runs.
!macro PROGRAMA_CERRADO UN
Function ${UN}ProgramaCerrado
  reintentar:
  Delete "$INSTDIR\eyf.exe"
  Delete "$INSTDIR\eyf-consola.exe"
  ${If} ${FileExists} "$INSTDIR\eyf.exe"
  ${OrIf} ${FileExists} "$INSTDIR\eyf-consola.exe"
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${NOMBRE} está abierto. Ciérrelo (y cierre también las ventanas de Diagnóstico) y pulse Reintentar." /SD IDCANCEL IDRETRY reintentar
    Abort "${NOMBRE} está abierto: ciérrelo y vuelva a intentarlo. No se cambió nada."
  ${EndIf}
FunctionEnd
!macroend
!insertmacro PROGRAMA_CERRADO ""
!insertmacro PROGRAMA_CERRADO "un."

; Only the files the installer put there: never the whole folder, which
; may hold "datos" (portable mode) or anything the user saved.
!macro QUITAR_PROGRAMA
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\eyf.exe"
  Delete "$INSTDIR\eyf-consola.exe"
!macroend

Function AccesoEscritorio
  CreateShortCut "${ACCESO_ESCRITORIO}" "$INSTDIR\eyf.exe" "" "$INSTDIR\eyf.exe" 0
FunctionEnd

Section "${NOMBRE}" SeccionPrograma
  SectionIn RO
  Call ProgramaCerrado
  DetailPrint "Quitando los archivos de la versión anterior (sus datos se conservan)…"
  !insertmacro QUITAR_PROGRAMA
  SetOutPath "$INSTDIR"
  File /r "${CARPETA}\*.*"
  WriteUninstaller "$INSTDIR\${DESINSTALADOR}"

  CreateShortCut "${ACCESO}" "$INSTDIR\eyf.exe" "" "$INSTDIR\eyf.exe" 0 SW_SHOWNORMAL "" "${NOMBRE_COMPLETO}"
  CreateShortCut "${ACCESO_DIAGNOSTICO}" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\eyf-consola.exe" diagnostico"' "$INSTDIR\eyf.exe" 0 SW_SHOWNORMAL "" "Revisa que ${NOMBRE} funcione en esta computadora (para el soporte técnico)"

  WriteRegStr HKCU "${CLAVE_PROGRAMA}" "Carpeta" "$INSTDIR"
  WriteRegStr HKCU "${CLAVE_PROGRAMA}" "Version" "${VERSION}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayName" "${NOMBRE_COMPLETO}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "Publisher" "${EDITOR}"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "DisplayIcon" "$INSTDIR\eyf.exe"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "UninstallString" '"$INSTDIR\${DESINSTALADOR}"'
  WriteRegStr HKCU "${CLAVE_DESINSTALAR}" "QuietUninstallString" '"$INSTDIR\${DESINSTALADOR}" /S'
  WriteRegDWORD HKCU "${CLAVE_DESINSTALAR}" "NoModify" 1
  WriteRegDWORD HKCU "${CLAVE_DESINSTALAR}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${CLAVE_DESINSTALAR}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Call un.ProgramaCerrado
  Delete "${ACCESO}"
  Delete "${ACCESO_DIAGNOSTICO}"
  Delete "${ACCESO_ESCRITORIO}"
  !insertmacro QUITAR_PROGRAMA
  Delete "$INSTDIR\${DESINSTALADOR}"
  RMDir "$INSTDIR"  ; only when empty
  DeleteRegKey HKCU "${CLAVE_DESINSTALAR}"
  DeleteRegKey HKCU "${CLAVE_PROGRAMA}"
  DetailPrint "Sus datos se conservan en $LOCALAPPDATA\${NOMBRE}."
SectionEnd

Function un.onUninstSuccess
  MessageBox MB_OK|MB_ICONINFORMATION "${NOMBRE} se quitó de esta computadora.$\r$\n$\r$\nSus datos se conservan en $LOCALAPPDATA\${NOMBRE}. Si ya no los necesita (y los entregó a su coordinación), puede borrar esa carpeta." /SD IDOK
FunctionEnd
