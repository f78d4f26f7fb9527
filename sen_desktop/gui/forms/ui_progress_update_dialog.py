# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'progress_update_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QGridLayout, QLabel, QPlainTextEdit, QSizePolicy,
    QVBoxLayout, QWidget)

from sen_desktop.gui.common.date_fields import DateField

class Ui_ProgressUpdateDialog(object):
    def setupUi(self, ProgressUpdateDialog):
        if not ProgressUpdateDialog.objectName():
            ProgressUpdateDialog.setObjectName(u"ProgressUpdateDialog")
        ProgressUpdateDialog.resize(520, 280)
        self.main_layout = QVBoxLayout(ProgressUpdateDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.context_label = QLabel(ProgressUpdateDialog)
        self.context_label.setObjectName(u"context_label")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.context_label)

        self.form_error = QLabel(ProgressUpdateDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.on_label = QLabel(ProgressUpdateDialog)
        self.on_label.setObjectName(u"on_label")

        self.fields_layout.addWidget(self.on_label, 0, 0, 1, 1)

        self.on_edit = DateField(ProgressUpdateDialog)
        self.on_edit.setObjectName(u"on_edit")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.on_edit.sizePolicy().hasHeightForWidth())
        self.on_edit.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.on_edit, 0, 1, 1, 1)

        self.on_error = QLabel(ProgressUpdateDialog)
        self.on_error.setObjectName(u"on_error")
        self.on_error.setProperty(u"role", u"error")
        self.on_error.setWordWrap(True)

        self.fields_layout.addWidget(self.on_error, 1, 1, 1, 1)

        self.text_label = QLabel(ProgressUpdateDialog)
        self.text_label.setObjectName(u"text_label")
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.text_label, 2, 0, 1, 1)

        self.text_edit = QPlainTextEdit(ProgressUpdateDialog)
        self.text_edit.setObjectName(u"text_edit")
        self.text_edit.setMaximumSize(QSize(16777215, 160))
        self.text_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.text_edit, 2, 1, 1, 1)

        self.text_error = QLabel(ProgressUpdateDialog)
        self.text_error.setObjectName(u"text_error")
        self.text_error.setProperty(u"role", u"error")
        self.text_error.setWordWrap(True)

        self.fields_layout.addWidget(self.text_error, 3, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.button_box = QDialogButtonBox(ProgressUpdateDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.on_label.setBuddy(self.on_edit)
        self.text_label.setBuddy(self.text_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ProgressUpdateDialog)

        QMetaObject.connectSlotsByName(ProgressUpdateDialog)
    # setupUi

    def retranslateUi(self, ProgressUpdateDialog):
        ProgressUpdateDialog.setWindowTitle(QCoreApplication.translate("ProgressUpdateDialog", u"Progress update", None))
#if QT_CONFIG(accessibility)
        ProgressUpdateDialog.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Progress update", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.context_label.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"The action", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Problem saving this update", None))
#endif // QT_CONFIG(accessibility)
        self.on_label.setText(QCoreApplication.translate("ProgressUpdateDialog", u"&Date:", None))
#if QT_CONFIG(accessibility)
        self.on_edit.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Date of the update", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.on_edit.setToolTip(QCoreApplication.translate("ProgressUpdateDialog", u"Day/month/year, like 14/01/2027 or 14 Jan 2027; Alt+Down or F4 for a calendar", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.on_error.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Problem with the date", None))
#endif // QT_CONFIG(accessibility)
        self.text_label.setText(QCoreApplication.translate("ProgressUpdateDialog", u"&Update:", None))
#if QT_CONFIG(accessibility)
        self.text_edit.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Progress update", None))
#endif // QT_CONFIG(accessibility)
        self.text_edit.setPlaceholderText(QCoreApplication.translate("ProgressUpdateDialog", u"What has happened since the last update", None))
#if QT_CONFIG(accessibility)
        self.text_error.setAccessibleName(QCoreApplication.translate("ProgressUpdateDialog", u"Problem with the update", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

